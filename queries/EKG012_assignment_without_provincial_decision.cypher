// EKG012 assignment-without-provincial-decision
// 交由乡镇行使处罚权缺少省级公布的决定
// Assignment to townships without a published provincial decision
//
// 返回：审计基准日有效、但所载或所引文件中没有省级人民政府（不含省级部门）作出且未记载为未公布的决定的交由（赋权）。
// Returns every assignment to townships (交由) in effect on $asOf none of whose documents (the
// instruments recording it or cited as its basis) is a decision of a provincial people's government
// (issuer_level '省', issued by a government, not a department) not marked as unpublished.
//
// 法律依据：《中华人民共和国行政处罚法》第二十四条第一款；《中华人民共和国行政处罚法》第二十三条
// Articles: Administrative Penalty Law, art. 24(1); Administrative Penalty Law, art. 23
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG012'
//   subject    the assignment (交由) id
//   related    [assigning department id, receiving township ids sorted by id ...] (one or more)
//   unit       the assigning department's id
//   township   the first receiving township (by id) when it is a township subject, else null

MATCH (a:Assignment)-[:FROM]->(assignor:Subject)
WHERE (a.date IS NULL OR a.date <= $asOf)
  AND NOT coalesce(a.status, '') IN ['已终止', '已撤销', '已废止', '终止', '撤销', '失效', '已失效']  // = enforcekg.authority.ENDED_STATUSES
  AND (a)-[:TO]->()
// Its documents: the instruments that record it, and those its basis cites
OPTIONAL MATCH (a)-[:RECORDED_IN]->(recorded:Instrument)
WITH a, assignor, collect(recorded) AS recordedIn
OPTIONAL MATCH (a)-[:BASED_ON]->(:Provision)-[:PART_OF]->(cited:Instrument)
WITH a, assignor, recordedIn, collect(cited) AS citedAsBasis
WITH a, assignor, recordedIn + citedAsBasis AS documents
// ... none of which is a decision of the provincial people's government (not one of its departments),
// unless recorded as unpublished
WHERE none(doc IN documents
           WHERE doc.issuer_level = '省'
             AND any(word IN ['人民政府', '人民代表大会', '国务院']  // = enforcekg.rules.common.GOVERNMENT_WORDS
                     WHERE doc.issuer CONTAINS word)
             AND (doc.published IS NULL OR doc.published <> false))
// The receiving townships, in id order; the first one names the finding's township
MATCH (a)-[:TO]->(receiver)
OPTIONAL MATCH (receiver)-[:PART_OF]->(owner:Subject)
WITH a, assignor, receiver, coalesce(owner, receiver) AS place
ORDER BY receiver.id
WITH a, assignor, collect(receiver.id) AS receivers, collect(place)[0] AS place
RETURN 'EKG012' AS rule,
       a.id AS subject,
       [assignor.id] + receivers AS related,
       assignor.id AS unit,
       CASE WHEN place.township = true THEN place.id END AS township
ORDER BY subject
