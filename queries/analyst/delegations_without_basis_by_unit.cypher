// 各单位委托事项中缺乏法律、法规、规章依据的数量（由多到少）
// Units with the most delegations lacking a statutory basis: for every delegating unit, its
// delegations in effect on $asOf and how many of them cite no law, regulation or rule (the
// population and the findings of rule EKG001, rolled up by unit).
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf  date, an ISO-8601 string 'YYYY-MM-DD'
// Columns: unit, unit_id, delegations, without_basis (delegations with no 法律、法规、规章 basis)

MATCH (delegation:Delegation)-[:FROM]->(unit:Subject),
      (delegation)-[:TO]->(),
      (delegation)-[:CONCERNS]->(:Power)
WHERE (delegation.date IS NULL OR delegation.date <= $asOf)
  AND NOT coalesce(delegation.status, '') IN ['已终止', '已撤销', '已废止', '终止', '撤销', '失效', '已失效']  // = enforcekg.authority.ENDED_STATUSES
OPTIONAL MATCH (delegation)-[:BASED_ON]->(:Provision)-[:PART_OF]->(law:Instrument)
WHERE law.level IN ['宪法', '法律', '行政法规', '地方性法规', '自治条例', '部门规章', '地方政府规章']  // = enforcekg.legal.registry.STATUTORY_LEVELS
WITH unit, delegation, count(law) AS statutoryBases
WITH unit, count(delegation) AS delegations,
     count(CASE WHEN statutoryBases = 0 THEN 1 END) AS withoutBasis
WHERE withoutBasis > 0
RETURN unit.name AS unit,
       unit.id AS unit_id,
       delegations,
       withoutBasis AS without_basis
ORDER BY without_basis DESC, unit
