// 同一区划内由两个以上单位列为有效职权的事项（职权调整未落实或清单重复）
// Powers with two or more active holders in one area on $asOf: every subject that lists the power
// on its own list (not as 委托/交由, not moved out) and still holds it on $asOf.  Rule EKG017 reports
// the first two holders of each such power; this lists them all, with the lists that show them.
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf  date, an ISO-8601 string 'YYYY-MM-DD'
// Columns: area, power, category, holders (names), holder_ids, lists (the list versions shown)

MATCH (listing:Holding)-[:TO]->(holder:Subject),
      (listing)-[:CONCERNS]->(power:Power),
      (holder)-[:LOCATED_IN]->(area:Jurisdiction)
WHERE NOT coalesce(listing.source_type, '') IN ['委托', '交由']  // = enforcekg.rules.organisation.NOT_OWN_SOURCES
  AND NOT coalesce(listing.status, '') IN ['已划出', '划出', '已取消', '取消', '已下放']  // = enforcekg.authority.MOVED_OUT
// ... and still holding it: not moved away by a transfer or centralisation dated on or before
// $asOf, or moved back in by one (as rule EKG017 and enforcekg.authority.holds decide)
OPTIONAL MATCH (away:Act)-[:FROM]->(holder), (away)-[:CONCERNS]->(power)
WHERE (away:Transfer OR away:Centralisation) AND (away.date IS NULL OR away.date <= $asOf)
WITH area, power, holder, listing, count(away) AS movedAway
OPTIONAL MATCH (arrival:Act)-[:TO]->(holder), (arrival)-[:CONCERNS]->(power)
WHERE (arrival:Transfer OR arrival:Centralisation) AND (arrival.date IS NULL OR arrival.date <= $asOf)
WITH area, power, holder, listing, movedAway, count(arrival) AS movedIn
WHERE movedAway = 0 OR movedIn > 0
WITH area, power, holder, listing
ORDER BY holder.id
WITH area, power, collect(holder.name) AS holders, collect(holder.id) AS holderIds,
     collect(coalesce(listing.list_version, '—')) AS lists
WHERE size(holderIds) > 1
RETURN area.name AS area,
       power.name AS power,
       power.category AS category,
       holders,
       holderIds AS holder_ids,
       lists
ORDER BY area, power
