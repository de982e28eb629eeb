// EKG001 delegation-without-statutory-basis
// 委托缺乏法律、法规、规章依据
// Delegation without a basis in law, regulation or rule
//
// 返回：审计基准日仍有效、但所引委托依据中没有任何法律、法规、规章条款的委托（只引规范性文件、会议纪要或未填依据）。
// Returns every delegation in effect on $asOf none of whose cited provisions belongs to a law,
// regulation or rule (only a normative document, meeting minutes, or nothing).
//
// 法律依据：《中华人民共和国行政处罚法》第二十条第一款；《中华人民共和国行政处罚法》第七十六条第一款第（四）项
// Articles: Administrative Penalty Law, art. 20(1); Administrative Penalty Law, art. 76(1)(4)
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG001'
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
// Its cited provisions that belong to a law, regulation or rule
OPTIONAL MATCH (d)-[:BASED_ON]->(:Provision)-[:PART_OF]->(law:Instrument)
WHERE law.level IN ['宪法', '法律', '行政法规', '地方性法规', '自治条例', '部门规章', '地方政府规章']  // = enforcekg.legal.registry.STATUTORY_LEVELS
WITH d, delegator, delegatee, power, count(law) AS statutoryBases
WHERE statutoryBases = 0
// The township: the delegatee itself when it is a township subject, or the subject a body belongs to
OPTIONAL MATCH (delegatee)-[:PART_OF]->(owner:Subject)
WITH d, delegator, delegatee, power, coalesce(owner, delegatee) AS place
RETURN 'EKG001' AS rule,
       d.id AS subject,
       [delegator.id, delegatee.id, power.id] AS related,
       delegator.id AS unit,
       CASE WHEN place.township = true THEN place.id END AS township
ORDER BY subject
