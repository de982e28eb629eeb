// EKG010 redelegation
// 受委托组织再委托
// Delegatee re-delegates the power
//
// 返回：委托机关本身只是经有效委托取得该事项、并不享有该职权，又将其委托出去的委托（再委托）。
// Returns every delegation in effect on $asOf whose delegator received the same power by another
// delegation in effect and does not hold it itself on $asOf (re-delegation).
//
// 法律依据：《中华人民共和国行政处罚法》第二十条第四款
// Articles: Administrative Penalty Law, art. 20(4)
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG010'
//   subject    the delegation (委托) id
//   related    [delegator id, delegatee id, power id]
//   unit       the delegator's id (the responsible unit)
//   township   the delegatee's township subject id (its owner when the delegatee is a body), else null

// Delegations in effect on $asOf, each with its delegator, delegatee and power
MATCH (d:Delegation)-[:FROM]->(delegator:Subject),
      (d)-[:TO]->(delegatee),
      (d)-[:CONCERNS]->(power:Power)
// in effect: undated or dated on or before $asOf, and not ended
WHERE (d.date IS NULL OR d.date <= $asOf)
  AND NOT coalesce(d.status, '') IN ['已终止', '已撤销', '已废止', '终止', '撤销', '失效', '已失效']  // = enforcekg.authority.ENDED_STATUSES
// The delegator received this very power by a delegation in effect
MATCH (received:Delegation)-[:TO]->(delegator),
      (received)-[:CONCERNS]->(power),
      (received)-[:FROM]->(:Subject)
WHERE (received.date IS NULL OR received.date <= $asOf)
  AND NOT coalesce(received.status, '') IN ['已终止', '已撤销', '已废止', '终止', '撤销', '失效', '已失效']  // = enforcekg.authority.ENDED_STATUSES
WITH DISTINCT d, delegator, delegatee, power
// Does delegator hold power on $asOf?  (enforcekg.authority.holds)
// listed: a Holding of its own list not marked as moved out
OPTIONAL MATCH (listing:Holding)-[:TO]->(delegator), (listing)-[:CONCERNS]->(power)
WHERE NOT coalesce(listing.status, '') IN ['已划出', '划出', '已取消', '取消', '已下放']  // = enforcekg.authority.MOVED_OUT
WITH d, delegator, delegatee, power, count(listing) > 0 AS listed
// moved away: a transfer or centralisation FROM it dated on or before $asOf (undated counts)
OPTIONAL MATCH (away:Act)-[:FROM]->(delegator), (away)-[:CONCERNS]->(power)
WHERE (away:Transfer OR away:Centralisation) AND (away.date IS NULL OR away.date <= $asOf)
WITH d, delegator, delegatee, power, listed, count(away) > 0 AS movedAway
// moved in: a transfer or centralisation TO it dated on or before $asOf
OPTIONAL MATCH (arrival:Act)-[:TO]->(delegator), (arrival)-[:CONCERNS]->(power)
WHERE (arrival:Transfer OR arrival:Centralisation) AND (arrival.date IS NULL OR arrival.date <= $asOf)
WITH d, delegator, delegatee, power, listed, movedAway, count(arrival) > 0 AS movedIn
WITH d, delegator, delegatee, power, (listed AND NOT movedAway) OR movedIn AS holdsNow
WHERE NOT holdsNow
// The township: the delegatee itself when it is a township subject, or the subject a body belongs to
OPTIONAL MATCH (delegatee)-[:PART_OF]->(owner:Subject)
WITH d, delegator, delegatee, power, coalesce(owner, delegatee) AS place
RETURN 'EKG010' AS rule,
       d.id AS subject,
       [delegator.id, delegatee.id, power.id] AS related,
       delegator.id AS unit,
       CASE WHEN place.township = true THEN place.id END AS township
ORDER BY subject
