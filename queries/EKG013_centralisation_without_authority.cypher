// EKG013 centralisation-without-authority
// 相对集中行政处罚（许可）权缺少有权机关决定
// Centralisation without a State Council or provincial decision
//
// 返回：审计基准日有效、但所载或所引文件中没有有权机关决定的相对集中：处罚权需国务院或省级人民政府决定，
// 涉及行政许可的需国务院批准；部委、省级部门的文件不算。
// Returns every centralisation in effect on $asOf none of whose documents (the instruments recording
// it or cited as its basis) comes from the competent level:
// a decision of the State Council ('国家') or a provincial people's government ('省') for penalty
// powers, of the State Council when any of its powers is a licence (行政许可); documents of ministries
// or provincial departments do not count.
//
// 法律依据：《中华人民共和国行政处罚法》第十八条第二款；《中华人民共和国行政许可法》第二十五条
// Articles: Administrative Penalty Law, art. 18(2); Administrative Licensing Law, art. 25
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG013'
//   subject    the centralisation (相对集中) id
//   related    [department that gave up the powers id, receiving organ id]
//   unit       the receiving organ's id
//   township   null

MATCH (c:Centralisation)-[:FROM]->(origin:Subject),
      (c)-[:TO]->(receiver)
WHERE (c.date IS NULL OR c.date <= $asOf)
  AND NOT coalesce(c.status, '') IN ['已终止', '已撤销', '已废止', '终止', '撤销', '失效', '已失效']  // = enforcekg.authority.ENDED_STATUSES
// Does it move any licensing power?
OPTIONAL MATCH (c)-[:CONCERNS]->(licence:Power)
WHERE licence.category = '行政许可'
WITH c, origin, receiver, count(licence) > 0 AS licensing
// Its documents: the instruments that record it, and those its basis cites
OPTIONAL MATCH (c)-[:RECORDED_IN]->(recorded:Instrument)
WITH c, origin, receiver, licensing, collect(recorded) AS recordedIn
OPTIONAL MATCH (c)-[:BASED_ON]->(:Provision)-[:PART_OF]->(cited:Instrument)
WITH c, origin, receiver, licensing, recordedIn, collect(cited) AS citedAsBasis
WITH c, origin, receiver, licensing, recordedIn + citedAsBasis AS documents
// ... none of which was issued by the State Council ('国家') or, for penalty powers only, a
// provincial people's government (a ministry or a provincial department does not count)
WHERE none(doc IN documents
           WHERE (doc.issuer_level = '国家' OR (NOT licensing AND doc.issuer_level = '省'))
             AND any(word IN ['人民政府', '人民代表大会', '国务院']  // = enforcekg.rules.common.GOVERNMENT_WORDS
                     WHERE doc.issuer CONTAINS word))
RETURN 'EKG013' AS rule,
       c.id AS subject,
       [origin.id, receiver.id] AS related,
       receiver.id AS unit,
       null AS township
ORDER BY subject
