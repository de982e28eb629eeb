// EKG023 delegation-not-filed
// 委托未报同级人民政府备案（湖南）
// Delegation not filed with the same-level government (Hunan)
//
// 返回：湖南省的数据中，记载有效委托、内容已提供、但未记载已报同级人民政府备案的委托书。
// Returns, for data from Hunan, every letter recording a delegation in effect on $asOf, with known
// contents, that is not recorded as filed with the same-level government (filed is not true).
//
// 法律依据：《湖南省行政执法条例》第七条
// Articles: Hunan Provincial Regulations on Administrative Law Enforcement, art. 7
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
//   @param province
//   $province  the dataset's province, e.g. '湖南省', or null to look for a jurisdiction
//              named 湖南… in the graph (:param province => null)
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG023'
//   subject    the letter (委托书) id
//   related    [delegator id, delegatee id] of the first delegation the letter records
//   unit       the delegator's id (the responsible unit)
//   township   the delegatee's township subject id (its owner when the delegatee is a body), else null

// Only in Hunan: $province when given, else a jurisdiction named 湖南… in the graph
OPTIONAL MATCH (hunan:Jurisdiction)
WHERE hunan.name CONTAINS '湖南'
WITH count(hunan) > 0 AS hunanInGraph
WHERE CASE WHEN coalesce($province, '') <> '' THEN $province CONTAINS '湖南' ELSE hunanInGraph END
// Letters recording a delegation in effect on $asOf.  A letter may record several delegations;
// its parties are those of the first of them (smallest delegation id).
MATCH (d:Delegation)-[:RECORDED_IN]->(letter:Letter),
      (d)-[:FROM]->(:Subject),
      (d)-[:TO]->(),
      (d)-[:CONCERNS]->(:Power)
WHERE (d.date IS NULL OR d.date <= $asOf)
  AND NOT coalesce(d.status, '') IN ['已终止', '已撤销', '已废止', '终止', '撤销', '失效', '已失效']  // = enforcekg.authority.ENDED_STATUSES
WITH letter, min(d.id) AS firstDelegation
MATCH (d:Delegation {id: firstDelegation})-[:FROM]->(delegator:Subject),
      (d)-[:TO]->(delegatee)
WITH letter, delegator, delegatee
WHERE letter.content_known = true
  AND (letter.filed IS NULL OR letter.filed <> true)
// The township: the delegatee itself when it is a township subject, or the subject a body belongs to
OPTIONAL MATCH (delegatee)-[:PART_OF]->(owner:Subject)
WITH letter, delegator, delegatee, coalesce(owner, delegatee) AS place
RETURN 'EKG023' AS rule,
       letter.id AS subject,
       [delegator.id, delegatee.id] AS related,
       delegator.id AS unit,
       CASE WHEN place.township = true THEN place.id END AS township
ORDER BY subject
