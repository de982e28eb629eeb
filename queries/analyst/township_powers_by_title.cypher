// 乡镇（街道）职权来源一览：每个乡镇以什么名义行使每一项职权（法定 / 交由 / 委托）
// By what title each township holds each of its powers on $asOf: statutory (法定, its own list),
// assigned (交由, art. 24) or delegated (委托, art. 20).
//
// One row per (township, power, act): a power a township holds by two titles shows twice, which is
// itself worth a look.  Acts ended (已终止 ...) or dated after $asOf, and list items marked as moved
// out, are left out.
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf  date, an ISO-8601 string 'YYYY-MM-DD'
// Columns: township, power, category, title (法定/交由/委托 or the list's own source), granted_by
//   (the department that assigned or delegated it; null for the township's own list), act (id), date

MATCH (act:Act)-[:TO]->(township:Subject),
      (act)-[:CONCERNS]->(power:Power)
WHERE township.township = true
  AND (act:Holding OR act:Assignment OR act:Delegation)
  AND (act.date IS NULL OR act.date <= $asOf)
  AND NOT coalesce(act.status, '') IN ['已终止', '已撤销', '已废止', '终止', '撤销', '失效', '已失效']  // = enforcekg.authority.ENDED_STATUSES
  AND NOT coalesce(act.status, '') IN ['已划出', '划出', '已取消', '取消', '已下放']  // = enforcekg.authority.MOVED_OUT
OPTIONAL MATCH (act)-[:FROM]->(grantor:Subject)
RETURN township.name AS township,
       power.name AS power,
       power.category AS category,
       CASE WHEN act:Holding THEN coalesce(act.source_type, '法定')
            WHEN act:Assignment THEN '交由'
            ELSE '委托' END AS title,
       grantor.name AS granted_by,
       act.id AS act,
       act.date AS date
ORDER BY township, title, power
