"""A small hand-built graph for the Neo4j load and export tests: subjects, a power held and delegated,
a letter, and a provision of an instrument, with hostile text in the places a loader must not mangle."""

from __future__ import annotations

from enforcekg.graph import KnowledgeGraph


def sample_graph(aliases: list[str], note: str, extra_powers: int = 0) -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.add_node("Jurisdiction", "j:xx", name="湘乡市", level="县")
    kg.add_node("Subject", "s:water", name="湘乡市水利局", kind="政府部门", admin_organ=True, aliases=aliases,
                note=note, sources=["units.xlsx#单位!3", "b.csv#7"])
    kg.add_node("Subject", "s:town", name="某镇人民政府", kind="乡镇人民政府", admin_organ=True, township=True)
    kg.add_node("Subject", "s:co", name="某水务公司", kind="企业", admin_organ=False)
    kg.add_node("Power", "p:fine", name="对未经批准擅自取水的处罚", category="行政处罚", code="330217001000")
    kg.add_node("Instrument", "i:water-law", title="中华人民共和国水法", level="法律", level_rank=7,
                effective="2016-07-02", status="现行有效", published=True, article_count=82)
    kg.add_node("Provision", "i:water-law#69", ref="第六十九条", article=69, paragraph=1)
    kg.add_node("Letter", "l:1", number="湘水委〔2022〕1号", written=True, content_known=False, signed="2022-03-01")
    kg.add_node("Holding", "h:1", kind="Holding", status="有效")
    kg.add_node("Delegation", "d:1", kind="Delegation", date="2022-03-01", mode="委托")
    kg.add_edge("s:town", "LOCATED_IN", "j:xx")
    kg.add_edge("i:water-law#69", "PART_OF", "i:water-law")
    kg.add_edge("h:1", "TO", "s:water")
    kg.add_edge("h:1", "CONCERNS", "p:fine")
    kg.add_edge("h:1", "BASED_ON", "i:water-law#69")
    kg.add_edge("d:1", "FROM", "s:water")
    kg.add_edge("d:1", "TO", "s:town")
    kg.add_edge("d:1", "CONCERNS", "p:fine")
    kg.add_edge("d:1", "BASED_ON", "i:water-law#69")
    kg.add_edge("d:1", "RECORDED_IN", "l:1")
    for i in range(extra_powers):
        kg.add_node("Power", f"p:extra{i}", name=f"事项{i} '\"", category="行政检查", subitem="x" * 80)
    return kg
