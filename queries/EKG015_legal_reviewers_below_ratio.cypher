// EKG015 legal-reviewers-below-ratio
// 法制审核人员不足执法人员的5%
// Legal reviewers below 5% of enforcement officers
//
// 返回：每个单位在审计基准日及以前最近一次人员配备记录中，法制审核人员不足持证执法人员5%的记录。
// Returns, per unit, its latest staffing record dated on or before $asOf (an undated record counts
// as the oldest) when legal reviewers are fewer than 5% of certified officers (reviewers * 20 < officers).
//
// 法律依据：《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》（国办发〔2018〕118号）（5%比例据审计报告引述，原文未逐字核实）
// Articles: General Office of the State Council Guiding Opinion, Guo Ban Fa [2018] No. 118 (5% ratio as cited in the seed report; not verified verbatim)
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG015'
//   subject    the staffing record id
//   related    [unit id]
//   unit       the unit's id
//   township   the unit's id when it is a township subject, else null

MATCH (record:Staffing)-[:OF]->(unit)
WHERE record.date IS NULL OR record.date <= $asOf
WITH unit, max(coalesce(record.date, '')) AS latest
// The latest record of each unit
MATCH (record:Staffing)-[:OF]->(unit)
WHERE coalesce(record.date, '') = latest
  AND record.reviewers * 20 < record.officers
OPTIONAL MATCH (unit)-[:PART_OF]->(owner:Subject)
WITH record, unit, coalesce(owner, unit) AS place
RETURN 'EKG015' AS rule,
       record.id AS subject,
       [unit.id] AS related,
       unit.id AS unit,
       CASE WHEN place.township = true THEN place.id END AS township
ORDER BY subject
