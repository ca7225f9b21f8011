# -*- coding: utf-8 -*-
"""Apple supplier list 2012-2022 (CommonWealth Magazine compilation): supplier names, China sites, and the
match of English site addresses to the zones of the 2018 development-zone catalogue.

Standard library only, no randomness. Rules (documented in docs/datasets.md, section "Apple supplier sites"):
- an English address is lower-cased, camel-case joins split ("KunshanJiangsuChina"), punctuation removed,
  abbreviations expanded; place names are compared as token n-grams joined WITHOUT spaces, so
  "Xiang Cheng" == "Xiangcheng";
- Chinese place names are turned into toneless pinyin with pinyin_places.tsv (Unihan kMandarin + place
  overrides, see make_pinyin_table.py) and WORD_READINGS below;
- province = the last province word of the address; city = the admin unit (prefecture, or county-level
  city / district) whose pinyin equals an n-gram of the address, the one nearest the end winning;
- a zone MENTION is a zone-type phrase (ZONE_PATTERNS) with the one to three words before it as its name
  (or no name); it matches a catalogue zone of the same province whose type class (from the catalogue name's
  suffix) is compatible and whose name stem in pinyin equals the mention's name; with no name, the zone
  named after the address's city; stems with the city removed require the same city.
"""
import csv
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))

# whole-word readings where the per-character reading is wrong or the English form is conventional
WORD_READINGS = {"乐清": "yueqing", "番禺": "panyu", "蚌埠": "bengbu", "六安": "luan", "六合": "luhe",
                 "陕西": "shaanxi", "内蒙古": "innermongolia", "香港": "hongkong", "澳门": "macau",
                 "莘庄": "xinzhuang", "闵行": "minhang",
                 "长安": "changan", "西安": "xian", "泰安": "taian", "淮安": "huaian", "吉安": "jian",
                 "兴安": "xingan"}


def load_pinyin(path=None):
    table = {}
    with open(path or os.path.join(HERE, "pinyin_places.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            p = line.rstrip("\n").split("\t")
            table[p[0]] = p[1]
    return table


PY = load_pinyin()


def pinyin(s):
    """Toneless pinyin of a Chinese place name, no spaces; ASCII letters/digits kept lower-case."""
    for w, r in WORD_READINGS.items():
        s = s.replace(w, "\x00" + r + "\x00")
    out = []
    for ch in s:
        if ch in PY:
            out.append(PY[ch])
        elif ch.isascii() and ch.isalnum():
            out.append(ch.lower())
    return "".join(out)


# ----------------------------------------------------------------------------------- English text ----
ABBREV = [(r"\brd\b", "road"), (r"\bave\b", "avenue"), (r"\bavneue\b", "avenue"), (r"\bst\b", "street"),
          (r"\bdist\b", "district"), (r"\bindsl\b", "industrial"), (r"\bindusctrial\b", "industrial"),
          (r"\bind\b", "industrial"), (r"\bbldg\b", "building"), (r"\bhwy\b", "highway"),
          (r"\bhongkong\b", "hong kong"), (r"\bguang dong\b", "guangdong"), (r"\bjiang su\b", "jiangsu"),
          (r"\bshang hai\b", "shanghai"), (r"\blv\b", "lu"), (r"\bhi\s*tech\b", "hitech"),
          (r"\bhigh\s*tech\b", "hitech"), (r"\bhightech\b", "hitech"), (r"\bhi\s*technology\b", "hitech"),
          (r"\bhigh\s*technology\b", "hitech"), (r"\bhigh\s*technological\b", "hitech"),
          (r"\bnew\s*tech\b", "hitech"), (r"\bnew technology\b", "hitech"), (r"\bnew technical\b", "hitech"),
          (r"\bhigh new technology\b", "hitech"), (r"\bhigh new\b", "hitech"),
          (r"\b(?:new and high|high and new|new high|new and hi|new) hitech\b", "hitech"),
          (r"\bhitech and new technology\b", "hitech"), (r"\bhigh and new technology\b", "hitech"),
          (r"\bnew and high technology\b", "hitech"), (r"\bhitech and economic\b", "hitech"), (r"\beco\b", "economic")]


def norm_en(s):
    s = s.replace("\n", " ")
    s = re.sub(r"([A-Za-z])- ([a-z])", r"\1\2", s)      # line-break hyphens: "Guang- dong", "Develop- ment"
    s = re.sub(r"([a-z])([A-Z])", r"\1 \2", s)          # "KunshanJiangsu" -> "Kunshan Jiangsu"
    s = s.lower().replace("&", " and ")
    s = re.sub(r"['\u2019`]", "", s)                      # "Xi'an" -> "xian", "Bao'an" -> "baoan"
    s = re.sub(r"[^a-z0-9]+", " ", s)
    s = " ".join(s.split())
    for pat, rep in ABBREV:
        s = re.sub(pat, rep, s)
    return s


# zone-type phrases -> class. Classes: ETDZ (经济(技术)开发区), HTZ (高新技术产业开发区), CUS (海关特殊监管区域:
# 出口加工区, 综合保税区, 保税区, ...), IP (工业园区 / 产业园 / 工业区 / 科技园), SIP (苏州工业园区), DEV (a bare
# "development zone": ETDZ or HTZ). Ordered: the first pattern that matches at a position wins.
_AREA = r"(?:zone|area|district|park)"
ZONE_PATTERNS = [
    ("NONE", r"\bspecial economic zone\b"),           # Shenzhen, Shantou, Xiamen SEZ: a whole city, no catalogue zone
    ("SIP", r"\b(?:china singapore )?suzhou industrial (?:park|zone)\b|\bsip\b|\bsuzhou singapore industrial park\b"),
    ("CUS", r"\b(?:hitech )?(?:comprehensive )?(?:free trade|bonded|export processing|export import|export)"
            r"(?: port| logistics)?(?: south| north| a| b)?(?: " + _AREA + r")(?: south| north| a| b)?\b"),
    ("HTZ", r"\b(?:national )?hitech(?: industr(?:y|ial))?(?: development)?(?: (?:zone|area|park|district))\b"),
    ("HTZ", r"\bnew district\b"),
    ("ETDZ", r"\b(?:economic|economical|economy|econ|econmic)(?: and)?"
             r"(?: (?:technological|technology|technical|technologic|"
             r"tech|industrial))?(?: (?:development|developing))? " + _AREA + r"\b"),
    ("BDA", r"\bbda\b"),
    ("TEDA", r"\bteda\b"),
    ("ETDZ", r"\beconomic technological development area\b|\betdz\b"),
    ("DEV", r"\b(?:development|developing) (?:zone|area|district)\b"),
    ("IP", r"\b(?:industrial|industry)(?: development)? (?:park|zone|area|district|estate|city|cluster district)\b"),
    ("IP", r"\bscience (?:and technology )?(?:industrial )?park\b|\btechnology (?:industr(?:y|ial) )?park\b"),
]
# catalogue name suffixes -> class (longest first)
SUFFIX_CLASS = [
    ("高新技术产业开发区", "HTZ"), ("高新技术产业园区", "HTZ"), ("高技术产业开发区", "HTZ"), ("高新技术开发区", "HTZ"),
    ("高新区", "HTZ"), ("新技术产业开发区", "HTZ"), ("新技术开发区", "HTZ"), ("经济技术开发区", "ETDZ"), ("经济开发区", "ETDZ"), ("经济开发试验区", "ETDZ"),
    ("经济区", "ETDZ"), ("开发区", "ETDZ"), ("综合保税区", "CUS"), ("出口加工区", "CUS"), ("保税港区", "CUS"),
    ("保税物流园区", "CUS"), ("保税区", "CUS"), ("工业园区", "IP"), ("工业园", "IP"), ("产业园区", "IP"),
    ("产业园", "IP"), ("工业区", "IP"), ("科技园", "IP"), ("工业集中区", "IP"), ("产业集聚区", "IP"),
]
COMPAT = {"ETDZ": {"ETDZ"}, "HTZ": {"HTZ"}, "CUS": {"CUS"}, "IP": {"IP"}, "SIP": {"IP"},
          "DEV": {"ETDZ", "HTZ"}, "BDA": {"ETDZ"}, "TEDA": {"ETDZ"}}
# abbreviations that name one zone: class -> the zone's name in pinyin
FORCED = {"SIP": "suzhou", "BDA": "beijing", "TEDA": "tianjin"}
STOP = {"road", "avenue", "street", "no", "of", "the", "and", "building", "floor", "block", "section", "unit",
        "town", "village", "dadao", "highway", "boulevard", "middle", "central", "province",
        "china", "new", "district", "industrial", "park", "zone", "area",
        "plant", "factory", "phase", "part", "in", "at", "a", "b", "c", "d"}
# English words inside zone names that the catalogue writes in Chinese
NAME_WORDS = {"torch": "huoju", "airport": "konggang", "port": "gang", "west": "xi", "east": "dong",
              "south": "nan", "north": "bei", "coast": "haian", "lake": "hu", "bay": "wan"}
SKIP = {"city", "county", "national", "general", "comprehensive", "science"}


def street_key(t):
    """'no 800 kang yuan road' -> '800kangyuanroad' (number + road name without spaces + road word)."""
    m = re.search(r"\b(\d+)(?: \d+)? ((?:[a-z]+ ){0,3}?)(road|avenue|street|lu|dadao|boulevard|highway)\b", t)
    if not m:
        return ""
    return m.group(1) + m.group(2).replace(" ", "") + m.group(3)


MUNIS = ("北京", "上海", "天津", "重庆", "香港", "澳门")


class Matcher:
    """Holds the admin units and catalogue zones in pinyin; match(address) -> dict."""

    def __init__(self, zones, admin_rows, prov_short, admin_short):
        # provinces: pinyin -> short Chinese name
        self.prov_py = {}
        self.prov_name = {}
        self.prov_row = {}
        for r in admin_rows:
            if r["level"] == "province":
                p = prov_short(r["name"])
                self.prov_py[pinyin(p)] = p
                self.prov_name[p] = r["name"]
                self.prov_row[p] = r
        self.prov_py["shanxi"] = "山西"
        self.prov_py["shaanxi"] = "陕西"
        self.prov_py["hong kong"] = "香港"
        self.prov_py["hongkong"] = "香港"
        # admin units by province: (pinyin short, prefecture row, unit row)
        by_code = {r["adcode"]: r for r in admin_rows}
        prov_of = {r["adcode"]: prov_short(r["name"]) for r in admin_rows if r["level"] == "province"}
        self.units = {}
        for r in admin_rows:
            if r["level"] == "city" and r["parent_adcode"] in prov_of:
                p = prov_of[r["parent_adcode"]]
                self.units.setdefault(p, []).append((pinyin(admin_short(r["name"])), r, r))
            elif r["level"] == "district":
                par = by_code.get(r["parent_adcode"])
                if par is None:
                    continue
                if par["level"] == "province":
                    p = prov_of[par["adcode"]]
                    self.units.setdefault(p, []).append((pinyin(admin_short(r["name"])), par, r))
                elif par["parent_adcode"] in prov_of:
                    p = prov_of[par["parent_adcode"]]
                    self.units.setdefault(p, []).append((pinyin(admin_short(r["name"])), par, r))
        # zones: per province list of (class, stems, zone, prefecture name, needs_city)
        self.zones = {}
        for z in zones:
            p = z["_p"]
            name = z["开发区名称"].strip().replace("国家级", "").replace("国家", "")
            name = re.sub(r"[（(].*?[)）]", "", name)
            name = re.sub(r"及.*$", "", name)                # "成都高新综合保税区及双流园区"
            name = re.sub(r"[AB]区(、[AB]区)?$|南区$|北区$", "", name)
            cls, stem = None, name
            for suf, c in SUFFIX_CLASS:
                if name.endswith(suf):
                    cls, stem = c, name[: -len(suf)]
                    break
            if cls is None:
                continue
            city = z["_city"]
            cshort = admin_short(city) if city else ""
            dshort = admin_short(z["_district"]) if z["_district"] else ""
            forms = {stem}
            for pre in (self.prov_name.get(p, ""), p):
                if pre and stem.startswith(pre):
                    forms.add(stem[len(pre):])
            if cls == "CUS":                          # 无锡高新区综合保税区, 郑州经开综合保税区
                for f in list(forms):
                    for tail in ("高新技术产业开发区", "高新区", "高新", "工业园", "经开"):
                        if f.endswith(tail):
                            forms.add(f[: -len(tail)])
            stems = set()
            for f in forms:
                if f:
                    stems.add((pinyin(f), False))
                f2 = f.rstrip("市区县")
                if f2 and f2 != f:
                    stems.add((pinyin(f2), False))
                for pre in (cshort, dshort):
                    if pre and f.startswith(pre) and len(f) > len(pre):
                        stems.add((pinyin(f[len(pre):]), True))
            self.zones.setdefault(p, []).append((cls, stems, z, city))

    def provinces(self, toks):
        """Province words of the token list (1- and 2-grams), in order -> [(short name, token index)]."""
        out = []
        for i in range(len(toks)):
            for k in (1, 2):
                if i + k <= len(toks):
                    w = "".join(toks[i:i + k])
                    if w in self.prov_py and not (out and out[-1][1] == i):
                        out.append((self.prov_py[w], i))
        return out

    def city(self, p, toks, end, prefecture_only=False):
        """Admin unit of province p whose pinyin equals a 1-3-gram of toks[:end]; the latest one, then the
        longest. -> (prefecture row, unit row) or (None, None)."""
        grams = {}
        for i in range(end):
            for k in (1, 2, 3):
                if i + k <= end:
                    grams.setdefault("".join(toks[i:i + k]), []).append(i + k)
        best = None
        for py, pref, unit in self.units.get(p, []):
            if len(py) < 4 or py not in grams or (prefecture_only and unit is not pref):
                continue
            key = (max(grams[py]), len(py), unit is pref)
            if best is None or key > best[0]:
                best = (key, pref, unit)
        return (best[1], best[2]) if best else (None, None)

    def mentions(self, t):
        """[(class, [name candidates, longest first], start)] of zone phrases in normalised text t."""
        out = []
        taken = []
        for cls, pat in ZONE_PATTERNS:
            for m in re.finditer(pat, t):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue
                taken.append((m.start(), m.end()))
                if cls == "NONE":
                    continue
                before = t[:m.start()].split()
                words = []
                for w in reversed(before[-5:]):
                    if w in STOP or any(ch.isdigit() for ch in w) or w in ("hitech",):
                        break
                    if w not in SKIP:
                        words.insert(0, NAME_WORDS.get(w, w))
                # the name: the words just before the phrase (suffixes first), then any run inside them
                cands = ["".join(words[i:]) for i in range(len(words))]
                cands += ["".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words))]
                out.append((cls, cands, m.start()))
        out.sort(key=lambda x: x[2])
        return out

    def match(self, address):
        t = norm_en(address)
        toks = t.split()
        res = {"norm": t, "province": None, "pref": None, "unit": None, "zone": None, "mentions": 0,
               "why": "", "street": street_key(t)}
        pv = self.provinces(toks)
        p = pi = pref = unit = None
        for q, qi in reversed(pv):      # the last province word whose city is found; else a municipality
            for q2 in [q] + (["陕西"] if q == "山西" else ["山西"] if q == "陕西" else []):
                a, b = self.city(q2, toks, qi)
                if a is not None:
                    p, pi, pref, unit = q2, qi, a, b
                    break
                if q2 in MUNIS:
                    p, pi, pref, unit = q2, qi, self.prov_row[q2], None
                    break
            if p is not None:
                break
        if p is None:                   # no province word, or no city in it: a city named anywhere, if unique
            hits = set()
            for q in sorted(self.units):
                a, b = self.city(q, toks, len(toks))
                if a is not None:
                    hits.add((q, a["adcode"]))
            if len(hits) == 1:
                q = hits.pop()[0]
                p = q
                pref, unit = self.city(q, toks, len(toks))
        if p is None and pv:
            p, pi = pv[-1]
        if p is None:
            res["why"] = "no province"
            return res
        res["province"], res["pref"], res["unit"] = p, pref, unit
        ments = self.mentions(t)
        res["mentions"] = len(ments)
        if not ments:
            res["why"] = "no zone named"
            return res
        pref_name = pref["name"] if pref is not None else ""
        unit_py = set()
        if unit is not None:
            unit_py.add(pinyin(admin_short_local(unit["name"])))
        if pref is not None:
            unit_py.add(pinyin(admin_short_local(pref["name"])))
        found = []
        munis = p in MUNIS
        for cls, cands, pos in ments:
            ok = COMPAT[cls]
            names = [FORCED[cls]] if cls in FORCED else list(cands)
            for zc, stems, z, zcity in self.zones.get(p, []):
                if cls == "SIP" and z["开发区名称"].strip() != "苏州工业园区":
                    continue
                if pref_name and zcity and zcity != pref_name and not munis:
                    continue                # a same-named zone in another city of the province
                for py, needs_city in stems:
                    if needs_city and not pref_name:
                        continue
                    if py in names:
                        suffix = 1 if cls in FORCED or names.index(py) < len(words_of(cands)) else 0
                        # named: the type class should agree; a zone of another class whose name is ALL the
                        # words before the phrase, in the same city, is accepted below it
                        # (Songjiang Industrial Zone = 松江工业区 -> 松江经济技术开发区, renamed)
                        if zc in ok:
                            rank = 3
                        elif py == names[0] and cls not in FORCED:
                            rank = 1 if zc == "CUS" else 2
                        else:
                            continue
                        if not suffix and zc not in ok:
                            continue
                        score = (rank, suffix, len(py))
                    elif not names and py in unit_py and not needs_city and zc in ok and cls != "IP":
                        score = (1, 0, 0)   # unnamed zone phrase: the zone named after the address's city
                    else:
                        continue
                    # a national zone beats a provincial one of the same name and class
                    found.append((score, 1 if z["批准级别"] == "国务院" else 0, -pos, z["_id"], z))
        if not found:
            res["why"] = "zone named but not in catalogue"
            return res
        found.sort(key=lambda f: (tuple(-x for x in f[0]), -f[1], f[2], f[3]))
        res["zone"] = found[0][4]
        return res


def words_of(cands):
    """The suffix candidates of a mention (they come first; their count = the number of name words)."""
    n = 0
    while n * (n + 1) // 2 < len(cands):
        n += 1
    return cands[:n]


def admin_short_local(name):
    for suf in ("自治州", "自治县", "地区", "新区", "市", "区", "县"):
        if name.endswith(suf) and len(name) > len(suf) + 1:
            return name[: -len(suf)]
    return name


# ------------------------------------------------------------------------------------- supplier names ---
SUFFIX_WORDS = {"co", "company", "ltd", "limited", "inc", "incorporated", "corp", "corporation", "plc", "ag",
                "gmbh", "sa", "spa", "bv", "nv", "llc", "pte", "kgaa", "aktiengesellschaft", "oyj", "holdings",
                "holding", "group", "the", "international", "kabushiki", "kaisha"}
# one supplier under several names across list years (keys without spaces; checked by hand on the raw names)
SUPPLIER_ALIASES = {
    "ats": "austriatechnologiesystemtechnik", "atsaustriatechnologiesystemtechnik": "austriatechnologiesystemtechnik",
    "aacacoustictechnologies": "aactechnologies", "darfonelectronic": "darfonelectronics", "broadcomm": "broadcom",
    "flextronics": "flex", "flextronicssalesmarketing": "flex", "jabilcircuit": "jabil",
    "foxconninterconnecttechnology": "fithonteng", "lensonetechnology": "lenstechnology",
    "alpsalpine": "alpselectric", "jxtg": "jxnipponminingmetals",
    "jxnipponminingmetalscorporation": "jxnipponminingmetals",
    "eneos": "jxnipponminingmetals", "asahiglass": "agc",
    "advancedsemiconductorengineeringtechnology": "advancedsemiconductorengineering", "delta": "deltaelectronics",
    "furukawa": "furukawaelectric", "dsmengineeringplastics": "dsm", "royaldsm": "dsm", "henkelag": "henkel",
    "cymmetrikshenzenprinting": "cymmetrikenterprise", "eatoncorporation": "eaton",
    "chinacircuittechnologyshantou": "chinacircuittechnology", "chinajinlong": "jinlong",
    "jinlongmachineryelectronic": "jinlongmachineryelectronics", "jiangsuchangjiangelectronicstechnology": "jcet",
    "guangdongellingtonelectronicstechnology": "ellingtonelectronicstechnology",
    "cowellopticelectronics": "cowelle", "austriamicrosystems": "ams", "amsosram": "ams",
    "sunwaycommunication": "shenzhensunwaycommunication", "sunwodaelectronics": "sunwodaelectronic",
    "ofilmtech": "ofilm", "shenzhenofilmtech": "ofilm", "kunshankersenscience technology": "kunshankersenscience",
    "kunshankersensciencetechnology": "kunshankersenscience", "laird": "lairdtechnologies",
    "nxpsemiconductor": "nxpsemiconductors", "rrdonnelleysons": "rrdonnelley",
    "seagatetechnologies": "seagatetechnology",
    "solvayspecialtypolymers": "solvay", "solvayspecialtypolymersunitedstates": "solvay",
    "solvayspecialtypolymersusa": "solvay", "stmicroelectronicsnv": "stmicroelectronics", "storaensooyj": "storaenso",
    "suyinelectronic": "suyin", "teconnectivityltdtyco": "teconnectivity", "tycoelectronics": "teconnectivity",
    "teikokuprintinginksmfg": "teikokuprintinginksmanufacturing", "unimicrontechnology": "unimicron",
    "winoxenterprise": "winox", "triumphleadelectronictech": "triumphlead", "yutopackagingtechnology":
    "shenzhenyutopackagingtechnology", "shenzhenyutoprinting": "shenzhenyutopackagingtechnology",
    "tianjinlishenbatteryjointstock": "tianjinlishenbattery",
    "tianjinlishenbatteryjointstockcompany": "tianjinlishenbattery",
    "taishancitykamkiualuminiumextrusion": "kamkiualuminiumproducts", "cathaytatminghk":
    "cathaytatmingprecisionmetalproducts", "paishingtechnology": "paishing", "hynixsemiconductor": "skhynix",
    "samsungsdico": "samsungsdi", "cathaytatmingprecisionmetalproducts": "cathaytatming",
    "kyoceracircuitsolutions": "kyocera", "longwellprecision": "longwell", "lumiledsholdingbv": "lumileds",
    "luxshareict": "luxshareprecisionindustry", "minebeamitsumi": "minebea", "nisshaprinting": "nissha",
    "nxpsemiconductornv": "nxpsemiconductors", "nxpsemiconductorsnv": "nxpsemiconductors",
    "osramoptosemiconductor": "osramoptosemiconductors", "solvaysa": "solvay", "thechemourscompanyfc": "thechemours",
    "trinseosa": "trinseo", "philipslumiledslighting": "lumileds",
}


def norm_supplier(name):
    """Supplier name -> key: parentheses dropped, lower-case letters and digits, legal-form words at the end
    dropped, 'and'/'&' dropped, spaces removed, then SUPPLIER_ALIASES."""
    s = re.sub(r"\(.*?\)", " ", name.replace("\n", " "))
    s = s.lower().replace("&", " ").replace("mfg", "manufacturing").replace("tian jin", "tianjin")
    s = re.sub(r"[^a-z0-9]+", " ", s).split()
    while s and s[-1] in SUFFIX_WORDS:
        s.pop()
    key = "".join(w for w in s if w != "and")
    key = key.replace("manufacturing", "mfg") if key.startswith("teikoku") else key
    return SUPPLIER_ALIASES.get(key, key)


# ------------------------------------------------------------------------------ segments of new firms ----
# Keyword rule on the supplier's normalised name (first match wins) -> IO-2020 sector. The list's suppliers
# are electronics makers and their material suppliers; a name with no keyword gets 094 (electronic
# components), the most common product of the list. Basis recorded as "keyword:<word>" (inferred).
SEGMENT_KEYWORDS = [
    ("battery", "087"), ("amperex", "087"), ("lishen", "087"), ("simplo", "087"), ("dynapack", "087"),
    ("cosmx", "087"),
    ("aluminium", "065"), ("aluminum", "065"), ("alcoa", "065"), ("uacj", "065"), ("lightmetal", "065"),
    ("miningmetals", "065"), ("plansee", "065"),
    ("steel", "062"), ("posco", "062"),
    ("screw", "066"), ("fasten", "066"), ("metal", "066"), ("dynacast", "066"), ("diecut", "066"),
    ("precisioncomponent", "066"),
    ("glass", "057"), ("corning", "057"), ("agc", "057"), ("bielcrystal", "057"),
    ("ink", "046"),
    ("plastics", "047"), ("polymer", "047"), ("sabic", "047"), ("trinseo", "047"), ("dsm", "047"),
    ("chemours", "047"), ("toray", "047"),
    ("chemical", "048"), ("henkel", "048"), ("solvay", "048"), ("3m", "048"), ("daikin", "048"),
    ("nittodenko", "048"), ("kochindustries", "048"), ("dexerials", "048"), ("keiwa", "048"),
    ("leather", "029"),
    ("paper", "037"), ("storaenso", "037"), ("packaging", "037"), ("chengloong", "037"), ("wrapper", "037"),
    ("printing", "038"), ("donnelley", "038"), ("cymmetrik", "038"), ("arvato", "038"),
    ("motor", "084"), ("nidec", "084"), ("minebea", "084"), ("sunon", "084"), ("shicoh", "084"),
    ("cable", "086"), ("fujikura", "086"), ("furukawa", "086"), ("sumitomoelectric", "086"), ("volex", "086"),
    ("power", "085"), ("acbel", "085"), ("delta", "085"), ("salcomp", "085"), ("artesyn", "085"),
    ("eaton", "085"), ("emerson", "085"), ("lite", "085"),
    ("computer", "090"), ("quanta", "090"), ("compal", "090"), ("wistron", "090"), ("inventec", "090"),
    ("pegatron", "090"), ("honhai", "090"), ("flex", "090"), ("jabil", "090"), ("universalscientific", "090"),
    ("datastorage", "090"), ("westerndigital", "090"), ("seagate", "090"), ("sunrex", "090"), ("primax", "090"),
    ("darfon", "090"), ("chimei", "094"),
    ("optical", "096"), ("optic", "096"), ("largan", "096"), ("kantatsu", "096"), ("viavi", "096"),
    ("instrument", "096"),
]


def segment_of(key):
    for kw, seg in SEGMENT_KEYWORDS:
        if kw in key:
            return seg, "keyword:" + kw
    return "094", "keyword:default-electronics"


# ------------------------------------------------------------------------------------------- sites ----
def site_key(m, address_norm):
    """Identity of a site within a supplier, robust to spelling: prefecture (or province) + street number
    and road; else the matched zone; else the normalised address without the province/country tail."""
    where = m["pref"]["adcode"] if m["pref"] is not None else (m["province"] or "?")
    if m["street"]:
        return "%s|%s" % (where, m["street"])
    if m["zone"] is not None:
        return "%s|zone:%s" % (where, m["zone"]["_id"])
    return "%s|%s" % (where, address_norm.replace(" ", ""))


def collect_sites(rows, matcher):
    """Apple list rows -> (sites, active). sites: {(supplier_key, site_key): info}; info has first year,
    years, addresses, the zone (most frequent match over the site's rows; ties: earliest row) and the
    place. active: {supplier_key: {year: set(provinces)}} for every China row (2012-2022)."""
    sites = {}
    active = {}
    names = {}
    cache = {}
    for r in rows:
        if r["country"].strip() != "China":
            continue
        y = int(r["year"])
        k = norm_supplier(r["supplier_name"])
        names.setdefault(k, []).append((y, " ".join(r["supplier_name"].split())))
        addr = " ".join(r["supplier_address"].split())
        if y >= 2020:                       # province only: the supplier is still active there
            pv = matcher.provinces(norm_en(addr).split())
            active.setdefault(k, {}).setdefault(y, set()).update(p for p, _ in pv)
            continue
        if addr not in cache:
            cache[addr] = matcher.match(addr)
        m = cache[addr]
        active.setdefault(k, {}).setdefault(y, set()).add(m["province"] or "")
        sk = site_key(m, m["norm"])
        s = sites.setdefault((k, sk), {"years": set(), "rows": [], "supplier": k})
        s["years"].add(y)
        s["rows"].append((y, addr, m))
    for s in sites.values():
        s["first"] = min(s["years"])
        s["rows"].sort(key=lambda t: (t[0], t[1]))
        zc = {}
        for i, (y, addr, m) in enumerate(s["rows"]):
            if m["zone"] is not None:
                zid = m["zone"]["_id"]
                c = zc.setdefault(zid, [0, i, m["zone"]])
                c[0] += 1
        if zc:
            best = sorted(zc.items(), key=lambda t: (-t[1][0], t[1][1]))[0]
            s["zone"] = best[1][2]
        else:
            s["zone"] = None
        m0 = s["rows"][0][2]
        s["match"] = m0
        s["address"] = s["rows"][0][1]
        s["mentions"] = any(m["mentions"] for _, _, m in s["rows"])
    return sites, active, names
