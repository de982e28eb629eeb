// EKG019 citation-unresolved
// 引用的法律文件无法识别
// Cited instrument cannot be identified
//
// 返回：引用了无法识别的法律文件（resolved = false）的清单条目或职权行为，每个（行为, 文件）一行。
// Returns one row per (act, instrument) where a list item or other act cites an instrument the
// statute registry could not identify (resolved = false).
//
// 法律依据：《中华人民共和国行政处罚法》第十六条
// Articles: Administrative Penalty Law, art. 16
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD' (not used: this rule does not depend on the date;
//              accepted so that every rule runs with the same parameters)
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG019'
//   subject    the citing act's id (a list item or any other act)
//   related    [unidentified instrument id]
//   unit       the list item's holder, or the act's giving party (FROM)
//   township   null

MATCH (act:Act)-[:BASED_ON]->(:Provision)-[:PART_OF]->(instrument:Instrument)
WHERE instrument.resolved = false
WITH DISTINCT act, instrument
// The responsible unit: the holder of a list item, the giving party of any other act
OPTIONAL MATCH (act)-[:FROM]->(giver:Subject)
OPTIONAL MATCH (act)-[:TO]->(holder)
WHERE act:Holding
WITH act, instrument, CASE WHEN act:Holding THEN holder ELSE giver END AS unit
WHERE unit IS NOT NULL
RETURN 'EKG019' AS rule,
       act.id AS subject,
       [instrument.id] AS related,
       unit.id AS unit,
       null AS township
ORDER BY subject, related
