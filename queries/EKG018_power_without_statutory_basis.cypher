// EKG018 power-without-statutory-basis
// 处罚、许可、强制事项没有足以设定该职权的依据
// Penalty, licence or compulsion without a basis of the level that may create it
//
// 返回：行政处罚、行政许可、行政强制类清单条目（未划出）中，所引依据没有任何法律、法规、规章条款的条目。
// Returns every list item (Holding, not moved out) of a penalty, licence or compulsion power none of
// whose cited provisions belongs to a law, regulation or rule.
//
// 法律依据：《中华人民共和国行政处罚法》第十六条；《中华人民共和国行政许可法》第十七条；《中华人民共和国行政强制法》第十条；《中华人民共和国行政强制法》第十三条
// Articles: Administrative Penalty Law, art. 16; Administrative Licensing Law, art. 17; Administrative Compulsion Law, art. 10; Administrative Compulsion Law, art. 13
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD' (not used: this rule does not depend on the date;
//              accepted so that every rule runs with the same parameters)
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG018'
//   subject    the list item (Holding) id
//   related    [holder id, power id]
//   unit       the holder's id
//   township   null

MATCH (listing:Holding)-[:TO]->(holder),
      (listing)-[:CONCERNS]->(power:Power)
WHERE power.category IN ['行政处罚', '行政许可', '行政强制措施', '行政强制执行', '行政强制']  // = enforcekg.rules.common.LAW_CREATED
  AND NOT coalesce(listing.status, '') IN ['已划出', '划出', '已取消', '取消', '已下放']  // = enforcekg.authority.MOVED_OUT
OPTIONAL MATCH (listing)-[:BASED_ON]->(:Provision)-[:PART_OF]->(law:Instrument)
WHERE law.level IN ['宪法', '法律', '行政法规', '地方性法规', '自治条例', '部门规章', '地方政府规章']  // = enforcekg.legal.registry.STATUTORY_LEVELS
WITH listing, holder, power, count(law) AS statutoryBases
WHERE statutoryBases = 0
RETURN 'EKG018' AS rule,
       listing.id AS subject,
       [holder.id, power.id] AS related,
       holder.id AS unit,
       null AS township
ORDER BY subject
