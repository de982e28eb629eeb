// 委托书到期（或被撤销）后，乡镇会失去哪些职权
// What a township would lose if a delegation letter expired: every power the letter delegates, and
// whether the delegatee would still hold it by another title on $asOf — its own list (法定), an
// assignment (交由) or another delegation in effect that this letter does not record.
//
// @param letter
// Parameters (Neo4j Browser: :param letter => '湘乡委托〔2021〕01号（重构）'; :param asOf => '2023-12-31'):
//   $letter  the letter's number or id
//   $asOf    date, an ISO-8601 string 'YYYY-MM-DD'
// Columns: letter, term_end, delegatee, delegator, power, category, other_titles (list of the
//   titles that remain), loses (true when nothing remains: the power leaves the delegatee)

MATCH (letter:Letter)<-[:RECORDED_IN]-(delegation:Delegation),
      (delegation)-[:FROM]->(delegator:Subject),
      (delegation)-[:TO]->(delegatee),
      (delegation)-[:CONCERNS]->(power:Power)
WHERE letter.id = $letter OR letter.number = $letter
// Other titles: the delegatee's own list ...
OPTIONAL MATCH (own:Holding)-[:TO]->(delegatee), (own)-[:CONCERNS]->(power)
WHERE coalesce(own.source_type, '法定') = '法定'
  AND NOT coalesce(own.status, '') IN ['已划出', '划出', '已取消', '取消', '已下放']  // = enforcekg.authority.MOVED_OUT
WITH letter, delegation, delegator, delegatee, power,
     collect(DISTINCT CASE WHEN own IS NOT NULL THEN '法定' END) AS listed
// ... assignments and other delegations in effect on $asOf
OPTIONAL MATCH (other:Act)-[:TO]->(delegatee), (other)-[:CONCERNS]->(power)
WHERE (other:Assignment OR (other:Delegation AND NOT (other)-[:RECORDED_IN]->(letter)))
  AND (other.date IS NULL OR other.date <= $asOf)
  AND NOT coalesce(other.status, '') IN ['已终止', '已撤销', '已废止', '终止', '撤销', '失效', '已失效']  // = enforcekg.authority.ENDED_STATUSES
WITH letter, delegator, delegatee, power, listed,
     collect(DISTINCT CASE WHEN other:Assignment THEN '交由' WHEN other:Delegation THEN '委托' END) AS granted
WITH letter, delegator, delegatee, power, listed + granted AS otherTitles
RETURN letter.number AS letter,
       letter.term_end AS term_end,
       delegatee.name AS delegatee,
       delegator.name AS delegator,
       power.name AS power,
       power.category AS category,
       otherTitles AS other_titles,
       size(otherTitles) = 0 AS loses
ORDER BY delegatee, power
