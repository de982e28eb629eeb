// EKG017 conflicting-active-holders
// 同一区域同一事项有两个实施主体
// Two active holders of one power in one area
//
// 返回：同一区划内有两个以上主体以自身名义（非委托、非交由）在审计基准日享有同一事项的职权事项。
// Returns every power that two or more subjects located in the same jurisdiction hold in their own
// right on $asOf (list items neither 委托 nor 交由, not moved out, and the holder still holds it).
//
// 法律依据：权责清单动态调整制度（职权调整后应及时调整清单）
// Articles: duty to adjust power lists when powers move between units
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG017'
//   subject    the power id
//   related    [first holder id, second holder id] (the two smallest ids of that jurisdiction)
//   unit       the first holder's id
//   township   null

// Holders listing the power as their own (not by delegation or assignment), by jurisdiction
MATCH (listing:Holding)-[:TO]->(holder:Subject),
      (listing)-[:CONCERNS]->(power:Power),
      (holder)-[:LOCATED_IN]->(area:Jurisdiction)
WHERE NOT coalesce(listing.source_type, '') IN ['委托', '交由']  // = enforcekg.rules.organisation.NOT_OWN_SOURCES
  AND NOT coalesce(listing.status, '') IN ['已划出', '划出', '已取消', '取消', '已下放']  // = enforcekg.authority.MOVED_OUT
WITH DISTINCT holder, power, area
// Does holder hold power on $asOf?  (enforcekg.authority.holds)
// listed: a Holding of its own list not marked as moved out
OPTIONAL MATCH (listing:Holding)-[:TO]->(holder), (listing)-[:CONCERNS]->(power)
WHERE NOT coalesce(listing.status, '') IN ['已划出', '划出', '已取消', '取消', '已下放']  // = enforcekg.authority.MOVED_OUT
WITH holder, power, area, count(listing) > 0 AS listed
// moved away: a transfer or centralisation FROM it dated on or before $asOf (undated counts)
OPTIONAL MATCH (away:Act)-[:FROM]->(holder), (away)-[:CONCERNS]->(power)
WHERE (away:Transfer OR away:Centralisation) AND (away.date IS NULL OR away.date <= $asOf)
WITH holder, power, area, listed, count(away) > 0 AS movedAway
// moved in: a transfer or centralisation TO it dated on or before $asOf
OPTIONAL MATCH (arrival:Act)-[:TO]->(holder), (arrival)-[:CONCERNS]->(power)
WHERE (arrival:Transfer OR arrival:Centralisation) AND (arrival.date IS NULL OR arrival.date <= $asOf)
WITH holder, power, area, listed, movedAway, count(arrival) > 0 AS movedIn
WITH holder, power, area, (listed AND NOT movedAway) OR movedIn AS holdsNow
WHERE holdsNow
WITH power, area, holder
ORDER BY holder.id
WITH power, area, collect(holder.id) AS holders
WHERE size(holders) > 1
RETURN 'EKG017' AS rule,
       power.id AS subject,
       holders[0..2] AS related,
       holders[0] AS unit,
       null AS township
ORDER BY subject, related
