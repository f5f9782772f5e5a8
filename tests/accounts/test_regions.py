from zhicheng.accounts.models import Region

MOUNTAIN_COUNTIES = set(
    [
        "淳安县",
        "永嘉县",
        "平阳县",
        "苍南县",
        "文成县",
        "泰顺县",
        "武义县",
        "磐安县",
        "柯城区",
        "衢江区",
        "江山市",
        "常山县",
        "开化县",
        "龙游县",
        "三门县",
        "天台县",
        "仙居县",
        "莲都区",
        "龙泉市",
        "青田县",
        "云和县",
        "庆元县",
        "缙云县",
        "遂昌县",
        "松阳县",
        "景宁畲族自治县",
    ]
)


def test_the_region_tree_holds_the_province_its_11_cities_and_90_counties(db):
    assert Region.objects.filter(level="province").count() == 1
    assert Region.objects.filter(level="city").count() == 11
    assert Region.objects.filter(level="county").count() == 90
    lishui = Region.objects.get(name="丽水市")
    assert lishui.children.count() == 9


def test_exactly_the_26_mountain_counties_are_flagged(db):
    flagged = set(Region.objects.filter(is_mountain_county=True).values_list("name", flat=True))
    assert flagged == MOUNTAIN_COUNTIES


def test_a_region_contains_its_subtree_only(db):
    lishui = Region.objects.get(name="丽水市")
    assert lishui.contains(Region.objects.get(name="莲都区"))
    assert not lishui.contains(Region.objects.get(name="西湖区"))
    assert Region.objects.get(name="莲都区").full_name == "浙江省丽水市莲都区"
