// EKG024 township-penalty-without-title
// 乡镇以法定名义行使处罚权但无法律依据
// Township holds a penalty power as its own without legal title
//
// 返回：乡镇（街道）清单中列为法定来源、未划出的行政处罚事项，其依据条款未赋予乡镇职权，
// 且在审计基准日既无有效委托也无有效交由的清单条目。
// Returns every township list item (Holding) of a penalty power (行政处罚) recorded as statutory
// (法定, or no source recorded) and not moved out, none of whose cited provisions gives townships the
// power (township_competent), with neither a delegation nor an assignment of it in effect on $asOf.
//
// 法律依据：《中华人民共和国行政处罚法》第二十三条；《中华人民共和国行政处罚法》第二十四条第一款
// Articles: Administrative Penalty Law, art. 23; Administrative Penalty Law, art. 24(1)
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG024'
//   subject    the township's list item (Holding) id
//   related    [township subject id, power id]
//   unit       the township subject's id
//   township   the township subject's id

MATCH (listing:Holding)-[:TO]->(township:Subject),
      (listing)-[:CONCERNS]->(power:Power)
WHERE township.township = true
  AND power.category = '行政处罚'
  AND coalesce(listing.source_type, '法定') = '法定'
  AND NOT coalesce(listing.status, '') IN ['已划出', '划出', '已取消', '取消', '已下放']  // = enforcekg.authority.MOVED_OUT
  AND NOT (listing)-[:BASED_ON]->(:Provision {township_competent: true})
// Delegations of the power to the township in effect on $asOf
OPTIONAL MATCH (delegation:Delegation)-[:TO]->(township),
               (delegation)-[:CONCERNS]->(power),
               (delegation)-[:FROM]->(:Subject)
WHERE (delegation.date IS NULL OR delegation.date <= $asOf)
  AND NOT coalesce(delegation.status, '') IN ['已终止', '已撤销', '已废止', '终止', '撤销', '失效', '已失效']  // = enforcekg.authority.ENDED_STATUSES
WITH listing, township, power, count(delegation) AS delegations
// Assignments of the power to the township in effect on $asOf
OPTIONAL MATCH (assignment:Assignment)-[:TO]->(township),
               (assignment)-[:CONCERNS]->(power)
WHERE (assignment.date IS NULL OR assignment.date <= $asOf)
  AND NOT coalesce(assignment.status, '') IN ['已终止', '已撤销', '已废止', '终止', '撤销', '失效', '已失效']  // = enforcekg.authority.ENDED_STATUSES
WITH listing, township, power, delegations, count(assignment) AS assignments
WHERE delegations = 0 AND assignments = 0
RETURN 'EKG024' AS rule,
       listing.id AS subject,
       [township.id, power.id] AS related,
       township.id AS unit,
       township.id AS township
ORDER BY subject
