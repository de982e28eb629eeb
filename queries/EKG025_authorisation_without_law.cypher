// EKG025 authorisation-without-law
// 以规章或文件“授权”实施处罚
// 'Authorisation' resting on a rule or document
//
// 返回：方式记载为“授权”、但所引依据中没有法律、法规（法律、行政法规、地方性法规、自治条例）的有效委托。
// Returns every delegation in effect on $asOf recorded as an 'authorisation' (授权 in its mode) none
// of whose cited provisions belongs to a law or regulation.
//
// 法律依据：《中华人民共和国行政处罚法》第十九条
// Articles: Administrative Penalty Law, art. 19
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG025'
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
  AND coalesce(d.mode, '') CONTAINS '授权'
OPTIONAL MATCH (d)-[:BASED_ON]->(:Provision)-[:PART_OF]->(law:Instrument)
WHERE law.level IN ['法律', '行政法规', '地方性法规', '自治条例']  // = enforcekg.rules.common.LAW_OR_REGULATION
WITH d, delegator, delegatee, power, count(law) AS lawBases
WHERE lawBases = 0
// The township: the delegatee itself when it is a township subject, or the subject a body belongs to
OPTIONAL MATCH (delegatee)-[:PART_OF]->(owner:Subject)
WITH d, delegator, delegatee, power, coalesce(owner, delegatee) AS place
RETURN 'EKG025' AS rule,
       d.id AS subject,
       [delegator.id, delegatee.id, power.id] AS related,
       delegator.id AS unit,
       CASE WHEN place.township = true THEN place.id END AS township
ORDER BY subject
