// EKG021 citation-instrument-not-in-force
// 引用已废止或尚未公布的法律文件
// Cited instrument repealed or not yet issued
//
// 返回：仍在实施的清单条目和职权行为所引法律文件中，在审计基准日已废止（有废止日期的以废止日期为准，
// 没有的以记载的时效性为准）或在行为日期（无日期时为审计基准日）尚未公布的每个（行为, 文件）。
// Returns one row per (act, instrument) where an act still in use (a list item not moved out, or
// another act in effect on $asOf) cites an instrument repealed by $asOf, or not yet promulgated on
// the act's date ($asOf when undated).  A known repeal date decides; the recorded status (已废止,
// 失效, 已失效) counts only when the repeal date is unknown.
//
// 法律依据：《中华人民共和国行政处罚法》第十六条
// Articles: Administrative Penalty Law, art. 16
//
// Parameters (Neo4j Browser: :param asOf => '2023-12-31'):
//   $asOf      audit date, an ISO-8601 string 'YYYY-MM-DD'
// Columns, the same for every rule (see queries/README.md):
//   rule       'EKG021'
//   subject    the citing act's id (a list item or any other act)
//   related    [instrument id]
//   unit       the list item's holder, or the act's giving party (FROM)
//   township   null

MATCH (act:Act)-[:BASED_ON]->(:Provision)-[:PART_OF]->(instrument:Instrument)
// Acts still in use: list items not moved out, other acts in effect on $asOf
WHERE (act:Holding
       AND NOT coalesce(act.status, '') IN ['已划出', '划出', '已取消', '取消', '已下放']  // = enforcekg.authority.MOVED_OUT
      )
   OR (NOT act:Holding
       AND (act.date IS NULL OR act.date <= $asOf)
       AND NOT coalesce(act.status, '') IN ['已终止', '已撤销', '已废止', '终止', '撤销', '失效', '已失效']  // = enforcekg.authority.ENDED_STATUSES
      )
WITH DISTINCT act, instrument, coalesce(act.date, $asOf) AS actDate
// Repealed by $asOf (a known repeal date decides; the recorded status only when the date is
// unknown), or not yet promulgated on the act's date
WHERE CASE WHEN coalesce(instrument.repealed, '') <> '' THEN instrument.repealed <= $asOf
           ELSE instrument.status IN ['已废止', '失效', '已失效'] END
   OR (coalesce(instrument.promulgated, '') <> '' AND instrument.promulgated > actDate)
// The responsible unit: the holder of a list item, the giving party of any other act
OPTIONAL MATCH (act)-[:FROM]->(giver:Subject)
OPTIONAL MATCH (act)-[:TO]->(holder)
WHERE act:Holding
WITH act, instrument, CASE WHEN act:Holding THEN holder ELSE giver END AS unit
WHERE unit IS NOT NULL
RETURN 'EKG021' AS rule,
       act.id AS subject,
       [instrument.id] AS related,
       unit.id AS unit,
       null AS township
ORDER BY subject, related
