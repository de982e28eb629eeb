// EKG003 delegation-not-in-writing
// 委托未采用书面形式
// Delegation not made in writing
//
// 返回：2021年7月15日以后（或未记载日期）的有效委托中，没有委托书或委托书记载为非书面形式的委托。
// Returns every delegation in effect on $asOf, dated on or after 2021-07-15 (or undated), that has no
// letter, or whose letter is recorded as not written.  Earlier delegations are judged by the old text,
// which did not require written form.
//
// 法律依据：《中华人民共和国行政处罚法》第二十条第一款
// Articles: Administrative Penalty Law, art. 20(1)
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG003'
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
  AND (d.date IS NULL OR d.date >= '2021-07-15')    // = enforcekg.rules.common.PENALTY_LAW_2021
OPTIONAL MATCH (d)-[:RECORDED_IN]->(letter:Letter)
WITH d, delegator, delegatee, power, letter
WHERE letter IS NULL OR letter.written = false
// The township: the delegatee itself when it is a township subject, or the subject a body belongs to
OPTIONAL MATCH (delegatee)-[:PART_OF]->(owner:Subject)
WITH d, delegator, delegatee, power, coalesce(owner, delegatee) AS place
RETURN 'EKG003' AS rule,
       d.id AS subject,
       [delegator.id, delegatee.id, power.id] AS related,
       delegator.id AS unit,
       CASE WHEN place.township = true THEN place.id END AS township
ORDER BY subject
