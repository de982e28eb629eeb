// EKG022 delegatee-acts-in-own-name
// 受委托组织以自己名义实施处罚
// Delegatee acts in its own name
//
// 返回：记载的执法名义不是委托机关、而是受委托方自己（“以自身名义”或受委托方名称）的有效委托。
// Returns every delegation in effect on $asOf whose recorded name of action (name_used) is the
// delegatee's own (自身名义 and similar words, or the delegatee's name) and not the delegator's.
//
// 法律依据：《中华人民共和国行政处罚法》第二十条第四款
// Articles: Administrative Penalty Law, art. 20(4)
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG022'
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
WITH d, delegator, delegatee, power, coalesce(d.name_used, '') AS nameUsed,
     ['自身名义', '自己名义', '本单位名义', '受委托方名义', '受托方名义', '乡镇名义', '街道名义'] AS ownName  // = enforcekg.rules.delegation.OWN_NAME_WORDS
WHERE nameUsed <> ''
  AND NOT (coalesce(delegator.name, '') <> '' AND nameUsed CONTAINS delegator.name)
  AND (any(word IN ownName WHERE nameUsed CONTAINS word)
       OR (coalesce(delegatee.name, '') <> '' AND nameUsed CONTAINS delegatee.name))
// The township: the delegatee itself when it is a township subject, or the subject a body belongs to
OPTIONAL MATCH (delegatee)-[:PART_OF]->(owner:Subject)
WITH d, delegator, delegatee, power, coalesce(owner, delegatee) AS place
RETURN 'EKG022' AS rule,
       d.id AS subject,
       [delegator.id, delegatee.id, power.id] AS related,
       delegator.id AS unit,
       CASE WHEN place.township = true THEN place.id END AS township
ORDER BY subject
