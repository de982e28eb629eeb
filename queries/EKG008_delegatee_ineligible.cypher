// EKG008 delegatee-ineligible
// 受委托组织不符合法定条件
// Delegatee does not meet the statutory conditions
//
// 返回：受委托方不符合法定条件的有效委托：受委托方是内设/下属机构，主体类型为企业、村（居）民委员会、
// 个人，或其审计基准日前最近一次人员配备记录显示没有持证执法人员。
// Returns every delegation in effect on $asOf whose delegatee is not eligible: an internal body, a
// subject of an ineligible kind (enterprise, villagers' or residents' committee, individual), or one
// whose latest staffing record on or before $asOf shows zero certified officers.
//
// 法律依据：《中华人民共和国行政处罚法》第二十一条
// Articles: Administrative Penalty Law, art. 21
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG008'
//   subject    the delegation (委托) id
//   related    [delegator id, delegatee id, power id]
//   unit       the delegator's id (the responsible unit)
//   township   the delegatee's township subject id (its owner when the delegatee is a body), else null

// Delegations in effect on $asOf, each with its delegator, delegatee and power
MATCH (d:Delegation)-[:FROM]->(delegator:Subject),
      (d)-[:TO]->(delegatee),
      (d)-[:CONCERNS]->(power:Power)
// in effect: undated or dated on or before $asOf, and not ended
WHERE (d.date IS NULL OR d.date <= $asOf)
  AND NOT coalesce(d.status, '') IN ['已终止', '已撤销', '已废止', '终止', '撤销', '失效', '已失效']  // = enforcekg.authority.ENDED_STATUSES
// The delegatee's latest staffing record dated on or before $asOf (an undated one counts as oldest)
OPTIONAL MATCH (staffing:Staffing)-[:OF]->(delegatee)
WHERE coalesce(staffing.date, '') <= $asOf
WITH d, delegator, delegatee, power, staffing
ORDER BY coalesce(staffing.date, '') DESC
WITH d, delegator, delegatee, power, collect(staffing.officers)[0] AS latestOfficers
WHERE delegatee:Body
   OR delegatee.kind IN ['企业', '村民委员会', '居民委员会', '个人']  // = enforcekg.rules.common.INELIGIBLE_KINDS
   OR latestOfficers = 0
// The township: the delegatee itself when it is a township subject, or the subject a body belongs to
OPTIONAL MATCH (delegatee)-[:PART_OF]->(owner:Subject)
WITH d, delegator, delegatee, power, coalesce(owner, delegatee) AS place
RETURN 'EKG008' AS rule,
       d.id AS subject,
       [delegator.id, delegatee.id, power.id] AS related,
       delegator.id AS unit,
       CASE WHEN place.township = true THEN place.id END AS township
ORDER BY subject
