// 一项职权的来龙去脉：谁依据什么享有它，是否划转、集中、交由、委托，由哪个机构承办
// The chain of authority behind one power: who holds it under which provisions, whether it was
// transferred, centralised, assigned or delegated (to whom, under which documents), and which body
// handles it — every act concerning the power, in the order the authority flows.
//
// @param power
// Parameters (Neo4j Browser: :param power => '取水许可'; :param asOf => '2023-12-31'):
//   $power  the power's id, code or name (e.g. 'P:SL-XK-01', 'SL-XK-01' or '取水许可')
//   $asOf   date, an ISO-8601 string 'YYYY-MM-DD': in_effect says whether each act is in effect then
// Columns: power, step (1 holding, 2 transfer/centralisation, 3 assignment, 4 delegation,
//   5 exercise), act, kind, from, to (list), date, status, in_effect, bases (list of
//   '《title》article（level）'), documents (list of titles or letter numbers)

MATCH (power:Power)
WHERE power.id = $power OR power.code = $power OR power.name = $power
MATCH (act:Act)-[:CONCERNS]->(power)
OPTIONAL MATCH (act)-[:FROM]->(giver:Subject)
OPTIONAL MATCH (act)-[:TO]->(receiver)
WITH power, act, giver, collect(receiver.name) AS receivers
OPTIONAL MATCH (act)-[:BASED_ON]->(provision:Provision)-[:PART_OF]->(instrument:Instrument)
WITH power, act, giver, receivers,
     collect('《' + instrument.title + '》' + coalesce(provision.ref, '') + '（' + instrument.level + '）') AS bases
OPTIONAL MATCH (act)-[:RECORDED_IN]->(document:Document)
WITH power, act, giver, receivers, bases, collect(coalesce(document.title, document.number)) AS documents
RETURN power.name AS power,
       CASE WHEN act:Holding THEN 1
            WHEN act:Transfer OR act:Centralisation THEN 2
            WHEN act:Assignment THEN 3
            WHEN act:Delegation THEN 4
            ELSE 5 END AS step,
       act.id AS act,
       act.kind AS kind,
       giver.name AS from,
       receivers AS to,
       act.date AS date,
       act.status AS status,
       (act.date IS NULL OR act.date <= $asOf)
         AND NOT coalesce(act.status, '') IN ['已终止', '已撤销', '已废止', '终止', '撤销', '失效', '已失效']  // = enforcekg.authority.ENDED_STATUSES
         AS in_effect,
       bases,
       documents
ORDER BY step, date, act
