// EKG020 citation-article-out-of-range
// 引用的条文超出该法律文件的条数
// Cited article beyond the instrument's last article
//
// 返回：引用的条号大于该法律文件现行文本条数的每一处引用。
// Returns one row per citation of an article number beyond the instrument's last article
// (provision.article > instrument.article_count).
//
// 法律依据：《中华人民共和国行政处罚法》第十六条
// Articles: Administrative Penalty Law, art. 16
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD' (not used: this rule does not depend on the date;
//              accepted so that every rule runs with the same parameters)
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG020'
//   subject    the citing act's id (a list item or any other act)
//   related    [provision id, instrument id]
//   unit       the list item's holder, or the act's giving party (FROM)
//   township   null

MATCH (act:Act)-[:BASED_ON]->(provision:Provision)-[:PART_OF]->(instrument:Instrument)
WHERE provision.article IS NOT NULL
  AND instrument.article_count IS NOT NULL
  AND provision.article > instrument.article_count
// The responsible unit: the holder of a list item, the giving party of any other act
OPTIONAL MATCH (act)-[:FROM]->(giver:Subject)
OPTIONAL MATCH (act)-[:TO]->(holder)
WHERE act:Holding
WITH act, provision, instrument, CASE WHEN act:Holding THEN holder ELSE giver END AS unit
WHERE unit IS NOT NULL
RETURN 'EKG020' AS rule,
       act.id AS subject,
       [provision.id, instrument.id] AS related,
       unit.id AS unit,
       null AS township
ORDER BY subject, related
