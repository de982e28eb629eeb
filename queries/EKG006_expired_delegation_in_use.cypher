// EKG006 expired-delegation-in-use
// 委托期限已届满仍在实施
// Delegation used after its term ended
//
// 返回：审计基准日仍显示有效、但委托期限已在审计基准日之前届满的委托。
// Returns every delegation still shown in effect on $asOf whose term ended before $asOf.
//
// 法律依据：《中华人民共和国行政处罚法》第二十条第二款
// Articles: Administrative Penalty Law, art. 20(2)
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG006'
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
  AND d.end IS NOT NULL AND d.end < $asOf
// The township: the delegatee itself when it is a township subject, or the subject a body belongs to
OPTIONAL MATCH (delegatee)-[:PART_OF]->(owner:Subject)
WITH d, delegator, delegatee, power, coalesce(owner, delegatee) AS place
RETURN 'EKG006' AS rule,
       d.id AS subject,
       [delegator.id, delegatee.id, power.id] AS related,
       delegator.id AS unit,
       CASE WHEN place.township = true THEN place.id END AS township
ORDER BY subject
