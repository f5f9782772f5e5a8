"""The test world: the demo's organisations, committees and people, with one named user per role.

张伟 (zhangwei) applies from 丽水莲都智能装备有限公司 in 莲都区; a 助理工程师 case of his goes to the
莲都区 初评委, so every actor on his case is a Liandu or Lishui user. 冯志远 (rs_xihu) is the bureau of
another county, 杭州市西湖区: the outsider. Every professional has the education, titles and CE hours the
demo gives them, so each meets the eligibility rules for the cases the demo makes.
"""

from zhicheng.accounts.models import User
from zhicheng.demo.loader import load_committees, load_organisations, load_people, load_reference_data
from zhicheng.demo.qualifications import load_qualifications

NAMED = {
    "professional": "zhangwei",
    "employer": "dw_liandu",
    "authority": "zg_lishui",
    "office": "bgs_liandu",
    "expert": "zj_zhao",
    "bureau": "rs_liandu",
    "outsider": "rs_xihu",
}


def build_world() -> dict[str, User]:
    load_reference_data()
    load_organisations()
    load_people()
    load_committees()
    load_qualifications()
    return {role: User.objects.get(username=username) for role, username in NAMED.items()}
