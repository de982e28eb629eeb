// EKG011 compulsory-measure-delegated
// 行政强制措施被委托
// Compulsory measure delegated
//
// 返回：所委托事项为行政强制措施（或未区分措施与执行的“行政强制”）的有效委托。
// Returns every delegation in effect on $asOf of a compulsory measure (行政强制措施, or 行政强制 when
// measure and enforcement are not distinguished).
//
// 法律依据：《中华人民共和国行政强制法》第十七条第一款
// Articles: Administrative Compulsion Law, art. 17(1)
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG011'
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
  AND power.category IN ['行政强制措施', '行政强制']  // = enforcekg.rules.common.COMPULSORY_MEASURES
// The township: the delegatee itself when it is a township subject, or the subject a body belongs to
OPTIONAL MATCH (delegatee)-[:PART_OF]->(owner:Subject)
WITH d, delegator, delegatee, power, coalesce(owner, delegatee) AS place
RETURN 'EKG011' AS rule,
       d.id AS subject,
       [delegator.id, delegatee.id, power.id] AS related,
       delegator.id AS unit,
       CASE WHEN place.township = true THEN place.id END AS township
ORDER BY subject
