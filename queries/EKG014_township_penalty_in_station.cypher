// EKG014 township-penalty-in-station
// 乡镇处罚权分散在站办所，未由综合行政执法队伍行使
// Township penalty power handled by a station, not the comprehensive brigade
//
// 返回：乡镇（街道）的行政处罚事项由站办所或服务中心承办、而不是由综合行政执法队伍承办的承办关系。
// Returns every exercise (承办) of a township's penalty power (行政处罚) by a station or service centre
// (站办所, 服务中心) instead of the comprehensive enforcement brigade.
//
// 法律依据：2019年中央关于推进基层整合审批服务执法力量的意见（“一支队伍管执法”）；《中华人民共和国行政处罚法》第二十四条第一款
// Articles: 2019 central guidance on consolidating grassroots approval, service and enforcement forces (one team for enforcement); Administrative Penalty Law, art. 24(1)
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD' (not used: this rule does not depend on the date;
//              accepted so that every rule runs with the same parameters)
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG014'
//   subject    the exercise (承办) id
//   related    [township subject id, handling body id, power id]
//   unit       the township subject's id
//   township   the township subject's id

MATCH (e:Exercise)-[:FROM]->(township:Subject),
      (e)-[:TO]->(body),
      (e)-[:CONCERNS]->(power:Power)
WHERE township.township = true
  AND power.category = '行政处罚'
  AND body.kind IN ['站办所', '服务中心']  // = enforcekg.rules.common.STATION_KINDS
RETURN 'EKG014' AS rule,
       e.id AS subject,
       [township.id, body.id, power.id] AS related,
       township.id AS unit,
       township.id AS township
ORDER BY subject
