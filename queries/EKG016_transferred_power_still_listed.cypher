// EKG016 transferred-power-still-listed
// 职权已划转或集中，原单位清单仍显示有效
// Power moved away but still listed as active by the old holder
//
// 返回：职权已被有效的划转或相对集中移出，原单位清单中该事项仍未标注为已划出的清单条目。
// Returns every list item (Holding) of the old holder for a power that a transfer or centralisation
// in effect on $asOf moved to another unit, when the item is not marked as moved out.
//
// 法律依据：权责清单动态调整制度（职权调整后应及时调整清单）；《中华人民共和国行政处罚法》第二十条第一款
// Articles: duty to adjust power lists when powers move between units; Administrative Penalty Law, art. 20(1)
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG016'
//   subject    the old holder's list item (Holding) id
//   related    [old holder id, power id, transfer/centralisation id, new holder id]
//   unit       the old holder's id
//   township   null

MATCH (move:Act)-[:FROM]->(oldHolder:Subject),
      (move)-[:TO]->(newHolder),
      (move)-[:CONCERNS]->(power:Power)
WHERE (move:Transfer OR move:Centralisation)
  AND (move.date IS NULL OR move.date <= $asOf)
  AND NOT coalesce(move.status, '') IN ['已终止', '已撤销', '已废止', '终止', '撤销', '失效', '已失效']  // = enforcekg.authority.ENDED_STATUSES
// The old holder's list still shows the power
MATCH (listing:Holding)-[:TO]->(oldHolder),
      (listing)-[:CONCERNS]->(power)
WHERE NOT coalesce(listing.status, '') IN ['已划出', '划出', '已取消', '取消', '已下放']  // = enforcekg.authority.MOVED_OUT
RETURN 'EKG016' AS rule,
       listing.id AS subject,
       [oldHolder.id, power.id, move.id, newHolder.id] AS related,
       oldHolder.id AS unit,
       null AS township
ORDER BY subject, related
