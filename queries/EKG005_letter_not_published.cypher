// EKG005 letter-not-published
// 委托书未向社会公布
// Delegation letter not published
//
// 返回：记载有效委托、内容已提供、按2021年文本审查的委托书中，未记载已向社会公布的委托书。
// Returns every letter recording a delegation in effect on $asOf, with known contents, signed on or
// after 2021-07-15 (or undated), that is not recorded as published (published is not true).
//
// 法律依据：《中华人民共和国行政处罚法》第二十条第二款
// Articles: Administrative Penalty Law, art. 20(2)
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG005'
//   subject    the letter (委托书) id
//   related    [delegator id, delegatee id] of the first delegation the letter records
//   unit       the delegator's id (the responsible unit)
//   township   the delegatee's township subject id (its owner when the delegatee is a body), else null

// Letters recording a delegation in effect on $asOf.  A letter may record several delegations;
// its parties are those of the first of them (smallest delegation id).
MATCH (d:Delegation)-[:RECORDED_IN]->(letter:Letter),
      (d)-[:FROM]->(:Subject),
      (d)-[:TO]->(),
      (d)-[:CONCERNS]->(:Power)
WHERE (d.date IS NULL OR d.date <= $asOf)
  AND NOT coalesce(d.status, '') IN ['已终止', '已撤销', '已废止', '终止', '撤销', '失效', '已失效']  // = enforcekg.authority.ENDED_STATUSES
WITH letter, min(d.id) AS firstDelegation
MATCH (d:Delegation {id: firstDelegation})-[:FROM]->(delegator:Subject),
      (d)-[:TO]->(delegatee)
// Judged by the 2021 text: letters signed on/after 2021-07-15 (or undated) whose publication is known:
// their contents were supplied, or the catalog records whether they were published
WITH letter, d, delegator, delegatee, coalesce(letter.signed, d.date) AS signed
WHERE (letter.content_known = true OR letter.published IS NOT NULL)
  AND (signed IS NULL OR signed >= '2021-07-15')  // = enforcekg.rules.common.PENALTY_LAW_2021
  AND (letter.published IS NULL OR letter.published <> true)
// The township: the delegatee itself when it is a township subject, or the subject a body belongs to
OPTIONAL MATCH (delegatee)-[:PART_OF]->(owner:Subject)
WITH letter, delegator, delegatee, coalesce(owner, delegatee) AS place
RETURN 'EKG005' AS rule,
       letter.id AS subject,
       [delegator.id, delegatee.id] AS related,
       delegator.id AS unit,
       CASE WHEN place.township = true THEN place.id END AS township
ORDER BY subject
