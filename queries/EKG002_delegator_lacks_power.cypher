// EKG002 delegator-lacks-power
// 委托机关不享有所委托的职权
// Delegator does not hold the delegated power
//
// 返回：委托机关有权责清单，但在委托日期或审计基准日并不享有所委托职权的委托
// （职权未列入其清单、已划出，或已被划转、相对集中到其他机关）。
// Returns every delegation in effect on $asOf whose delegator (one with a power list in the graph)
// did not hold the power on the delegation's date or on $asOf: not listed, marked as moved out, or
// moved away by a transfer or centralisation dated on or before that day (and not moved back in).
//
// 法律依据：《中华人民共和国行政处罚法》第二十条第一款
// Articles: Administrative Penalty Law, art. 20(1)
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG002'
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
  AND (delegator)<-[:TO]-(:Holding)                 // only delegators whose power list is in the graph
// listed: a Holding of the delegator's own list, not marked as moved out
OPTIONAL MATCH (listing:Holding)-[:TO]->(delegator), (listing)-[:CONCERNS]->(power)
WHERE NOT coalesce(listing.status, '') IN ['已划出', '划出', '已取消', '取消', '已下放']  // = enforcekg.authority.MOVED_OUT
WITH d, delegator, delegatee, power, count(listing) > 0 AS listed
// transfers and centralisations that moved the power away from the delegator ...
OPTIONAL MATCH (away:Act)-[:FROM]->(delegator), (away)-[:CONCERNS]->(power)
WHERE away:Transfer OR away:Centralisation
WITH d, delegator, delegatee, power, listed, collect(away) AS movesAway
// ... or to it
OPTIONAL MATCH (arrival:Act)-[:TO]->(delegator), (arrival)-[:CONCERNS]->(power)
WHERE arrival:Transfer OR arrival:Centralisation
WITH d, delegator, delegatee, power, listed, movesAway, collect(arrival) AS movesIn
// The days to check are the delegation's date (when known) and $asOf.  On a day the delegator holds
// the power if it is listed and no move away took effect by then, or a move in took effect by then
// (an undated move counts as already in effect).
WITH d, delegator, delegatee, power,
     [day IN [d.date, $asOf] WHERE day IS NOT NULL
        AND NOT (
          (listed AND none(m IN movesAway WHERE m.date IS NULL OR m.date <= day))
          OR any(m IN movesIn WHERE m.date IS NULL OR m.date <= day)
        )] AS notHeldOn
WHERE size(notHeldOn) > 0
// The township: the delegatee itself when it is a township subject, or the subject a body belongs to
OPTIONAL MATCH (delegatee)-[:PART_OF]->(owner:Subject)
WITH d, delegator, delegatee, power, coalesce(owner, delegatee) AS place
RETURN 'EKG002' AS rule,
       d.id AS subject,
       [delegator.id, delegatee.id, power.id] AS related,
       delegator.id AS unit,
       CASE WHEN place.township = true THEN place.id END AS township
ORDER BY subject
