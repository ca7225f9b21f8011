# -*- coding: utf-8 -*-
"""Concordance and keyword tables for build_china2020.py.

Everything in this file is OUR judgement (not taken from any source); docs/datasets.md explains the rules.
IO codes are the 3-digit product codes of the NBS 2020 153-sector input-output table.
"""


def rng(a, b):
    return ["%03d" % i for i in range(a, b + 1)]


# --- environmental category of each IO sector (default "general") ---------------------------------------
CATEGORY = {}
for c in rng(1, 5):
    CATEGORY[c] = "agriculture"
for c in rng(6, 11):
    CATEGORY[c] = "mining"
for c in rng(12, 26):
    CATEGORY[c] = "food"
for c in ("027", "028", "029", "033"):
    CATEGORY[c] = "textiles-dyeing"       # printing/dyeing finishing and tanning are in these products
CATEGORY["037"] = "paper"
for c in rng(41, 49) + ["051"]:
    CATEGORY[c] = "chemical"              # refining, coking, basic/fine chemicals, chemical fibres
CATEGORY["050"] = "pharmaceutical"
for c in rng(54, 60):
    CATEGORY[c] = "building-materials"
for c in rng(61, 65):
    CATEGORY[c] = "metallurgy"
CATEGORY["066"] = "electroplating"        # metal products incl. surface treatment / plating
CATEGORY["087"] = "battery"
CATEGORY["098"] = "waste-recycling"
for c in ("100", "101"):
    CATEGORY[c] = "power"
for c in rng(103, 108):
    CATEGORY[c] = "construction"
for c in rng(109, 153):
    CATEGORY[c] = "services"

# --- endowments a plant of the sector needs -------------------------------------------------------------
NEEDS = {}
for c in rng(6, 11) + ["064"]:
    NEEDS.setdefault(c, []).append("ore")
for c in ("041", "082", "115", "116"):
    NEEDS.setdefault(c, []).append("port")
for c in ("050", "077", "094", "096", "128", "136", "137"):
    NEEDS.setdefault(c, []).append("university")
for c in ("006", "042", "054", "061", "112"):
    NEEDS.setdefault(c, []).append("rail")

# --- CEADs 47 socio-economic sectors -> IO 153 sectors (each IO sector gets exactly one CEADs sector) ---
CEADS_TO_IO = {
    "Farming, Forestry, Animal Husbandry, Fishery and Water Conservancy": rng(1, 5),
    "Coal Mining and Dressing": ["006"],
    "Petroleum and Natural Gas Extraction": ["007"],
    "Ferrous Metals Mining and Dressing": ["008"],
    "Nonferrous Metals Mining and Dressing": ["009"],
    "Nonmetal Minerals Mining and Dressing": ["010"],
    "Other Minerals Mining and Dressing": ["011"],
    "Logging and Transport of Wood and Bamboo": [],     # 0 Mt in 2019; forestry products sit in 002 above
    "Food Processing": rng(12, 18),
    "Food Production": rng(19, 22),
    "Beverage Production": rng(23, 25),
    "Tobacco Processing": ["026"],
    "Textile Industry": rng(27, 31),
    "Garments and Other Fiber Products": ["032"],
    "Leather, Furs, Down and Related Products": ["033", "034"],
    "Timber Processing, Bamboo, Cane, Palm Fiber & Straw Products": ["035"],
    "Furniture Manufacturing": ["036"],
    "Papermaking and Paper Products": ["037"],
    "Printing and Record Medium Reproduction": ["038"],
    "Cultural, Educational and Sports Articles": ["039", "040"],
    "Petroleum Processing and Coking": ["041", "042"],
    "Raw Chemical Materials and Chemical Products": rng(43, 49),
    "Medical and Pharmaceutical Products": ["050"],
    "Chemical Fiber": ["051"],
    "Rubber Products": ["052"],
    "Plastic Products": ["053"],
    "Nonmetal Mineral Products": rng(54, 60),
    "Smelting and Pressing of Ferrous Metals": rng(61, 63),
    "Smelting and Pressing of Nonferrous Metals": ["064", "065"],
    "Metal Products": ["066"],
    "Ordinary Machinery": ["067", "068", "069", "070", "071", "073"],
    "Equipment for Special Purposes": rng(74, 78),
    "Transportation Equipment": rng(79, 83),
    "Electric Equipment and Machinery": rng(84, 89),
    "Electronic and Telecommunications Equipment": rng(90, 95),
    "Instruments, Meters, Cultural and Office Machinery": ["072", "096"],
    "Other Manufacturing Industry": ["097", "099"],
    "Scrap and waste": ["098"],
    "Production and Supply of Electric Power, Steam and Hot Water": ["100"],
    "Production and Supply of Gas": ["101"],
    "Production and Supply of Tap Water": ["102"],
    "Construction": rng(103, 108),
    "Transportation, Storage, Post and Telecommunication Services": rng(111, 122) + ["125"],
    "Wholesale, Retail Trade and Catering Services": ["109", "110", "123", "124"],
    "Others": rng(126, 153),
}

# --- chains: id, name, [(segment, stage, key)] ----------------------------------------------------------
U, M, D = "upstream", "midstream", "downstream"
CHAINS = [
    ("nev", "新能源汽车 new-energy vehicles", [
        ("009", U, False), ("043", U, False), ("048", U, False), ("052", U, False), ("053", U, False),
        ("057", U, False), ("062", U, False), ("064", U, True), ("065", U, False),
        ("080", M, True), ("084", M, True), ("085", M, False), ("086", M, False), ("087", M, True),
        ("094", M, True), ("128", M, False),
        ("079", D, True)]),
    ("ele", "电子信息 electronic information", [
        ("043", U, False), ("048", U, True), ("057", U, False), ("065", U, False), ("078", U, True),
        ("094", M, True), ("086", M, False), ("096", M, False),
        ("090", D, True), ("091", D, True), ("092", D, False), ("093", D, False), ("095", D, False),
        ("125", D, False), ("127", D, False), ("128", D, True), ("129", D, False)]),
    ("bio", "生物医药 biomedicine", [
        ("001", U, False), ("043", U, False), ("048", U, False), ("053", U, False), ("057", U, False),
        ("136", U, True), ("137", U, False),
        ("050", M, True), ("077", M, True), ("096", M, False),
        ("109", D, False), ("145", D, False)]),
    ("equ", "高端装备 advanced equipment", [
        ("061", U, False), ("062", U, False), ("065", U, False), ("066", U, False), ("094", U, False),
        ("067", M, True), ("068", M, True), ("070", M, False), ("073", M, False), ("084", M, False),
        ("085", M, False), ("096", M, True),
        ("074", D, False), ("078", D, False), ("081", D, True), ("082", D, True), ("083", D, True)]),
]
EDGE_THRESHOLD = 0.005

# --- park leading-industry (主导产业) keywords -> chain ids -------------------------------------------------
# Text is first stripped of the "false friend" strings in PARK_KEYWORD_STRIP.
PARK_KEYWORD_STRIP = ["生物质", "信息服务外包"]
PARK_KEYWORDS = [
    ("nev", ["汽车", "整车", "新能源车", "动力电池", "锂电", "电动车"]),
    ("ele", ["电子", "集成电路", "半导体", "芯片", "通信", "通讯", "软件", "光电", "显示", "信息技术",
             "新一代信息", "信息产业", "物联网", "大数据"]),
    ("bio", ["生物", "医药", "医疗", "制药", "药业", "中药", "药品", "健康产业", "大健康"]),
    ("equ", ["装备", "机械", "设备制造", "机电", "船舶", "航空", "航天", "轨道交通", "仪器", "数控", "机器人"]),
]
PARK_ORE_KEYWORDS = ["矿", "冶金", "冶炼", "有色", "煤", "稀土", "钢铁"]
PARK_CHEM_KEYWORDS = ["化工", "石化", "化学"]

# --- Shenwan 2021 L3 -> IO sectors (share list) --------------------------------------------------------
def _m(s):
    out = []
    for part in s.split(";"):
        if ":" in part:
            c, w = part.split(":")
            out.append((c, float(w)))
        else:
            out.append((part, 1.0))
    return out


_SW = """
仪器仪表=096|商用载客车=079|商用载货车=079|园林工程=106|水泥制品=055|港口=116|玻纤制造=057|金属制品=066
中间产品及消费品供应链服务=109|仓储物流=121|公路货运=114|原材料供应链服务=109|快递=122|跨境物流=120|机场=118
航空运输=117|航运=116|公交=113|铁路运输=112|高速公路=114|大众出版=147|教育出版=147|广告媒体=135|营销代理=135
影视动漫制作=148|院线=148|图片媒体=127|文字媒体=127|视频媒体=127|门户网站=127|游戏Ⅲ=127|电视广播Ⅲ=148
燃气Ⅲ=101|光伏发电=100|其他能源发电=100|核力发电=100|水力发电=100|火力发电=100|热力服务=100|电能综合服务=100
风力发电=100|其他养殖=003|生猪养殖=003|肉鸡养殖=003|农业综合Ⅲ=001|其他农产品加工=018|果蔬加工=018
粮油加工=012:0.5;014:0.5|动物保健Ⅲ=050|林业Ⅲ=002|水产养殖=004|海洋捕捞=004|其他种植业=001|种子=001|粮食种植=001
食用菌=001|宠物食品=013|水产饲料=013|畜禽饲料=013|中药Ⅲ=050|化学制剂=050|原料药=050|体外诊断=050:0.5;077:0.5
医疗耗材=077|医疗设备=077|其他医疗服务=145|医疗研发外包=136|医院=145|诊断服务=145|医药流通=109|线下药店=110
其他生物制品=050|疫苗=050|血液制品=050|商业物业经营=133|多业态零售=110|百货=110|超市=110|专业连锁Ⅲ=110
电商服务=127|综合电商=110|跨境电商=110|旅游零售Ⅲ=110|贸易Ⅲ=109|军工电子Ⅲ=092|地面兵装Ⅲ=083|航天装备Ⅲ=083
航海装备Ⅲ=082|航空装备Ⅲ=083|农药=045|复合肥=044|氮肥=044|磷肥及磷化工=044:0.5;043:0.5|钾肥=044
其他化学制品=048|有机硅=047|民爆制品=048|氟化工=043:0.5;047:0.5|涂料油墨=046|纺织化学制品=048|聚氨酯=047
胶黏剂及胶带=048|食品及饲料添加剂=048|其他化学原料=043|无机盐=043|氯碱=043|煤化工=043:0.5;042:0.5|纯碱=043
钛白粉=046|其他化学纤维=051|氨纶=051|涤纶=051|粘胶=051|锦纶=051|其他塑料制品=053|合成树脂=047|改性塑料=047
膜材料=053|其他橡胶制品=052|橡胶助剂=048|炭黑=043|非金属材料Ⅲ=060|其他家电Ⅲ=088|卫浴电器=088|厨房电器=088
家电零部件Ⅲ=088|个护小家电=088|厨房小家电=088|清洁小家电=088|照明设备Ⅲ=089|冰洗=088|空调=088|其他黑色家电=093
彩电=093|水泥制造=054|玻璃制造=057|其他建材Ⅲ=056|涂料=046|管材=053|耐火材料=059|防水材料=056|其他专业工程=106
化学工程=106|国际工程=106|钢结构=104:0.5;066:0.5|基建市政工程=105|工程咨询服务Ⅲ=137|房屋建设Ⅲ=103
装修装饰Ⅲ=108|产业地产=133|住宅开发=133|商业地产=133|房产租赁经纪=133|物业管理=133|其他小金属=064|稀土=064
钨=064:0.5;009:0.5|钼=064:0.5;009:0.5|铅锌=009:0.5;064:0.5|铜=064:0.6;065:0.4|铝=064:0.6;065:0.4|钴=064
锂=064:0.7;009:0.3|白银=064|黄金=009:0.5;064:0.5|其他金属新材料=065|磁性材料=094:0.5;065:0.5|其他专用设备=078
农用机械=076|印刷包装机械=078:0.5;071:0.5|楼宇设备=069|纺织服装设备=078|能源及重型设备=074:0.5;067:0.5
工程机械器件=074|工程机械整机=074|其他自动化设备=073:0.5;096:0.5|工控设备=096:0.5;085:0.5|机器人=073
激光设备=068|轨交设备Ⅲ=081|其他通用设备=073|制冷空调设备=071|机床工具=068|磨具磨料=060|电动乘用车=079
综合乘用车=079|其他运输设备=083|摩托车=083|汽车经销商=110|汽车综合服务=142|其他汽车零部件=080
底盘与发动机系统=080|汽车电子电气系统=080:0.7;094:0.3|车身附件及饰件=080|轮胎轮毂=052:0.5;080:0.5|焦炭Ⅲ=042
动力煤=006|焦煤=006|环保设备Ⅲ=078|固废治理=140|大气治理=140|水务及水治理=102:0.5;140:0.5|综合环境治理=140
光伏加工设备=078|光伏电池组件=085|光伏辅材=057:0.5;053:0.5|硅料硅片=094:0.5;043:0.5|逆变器=085
其他能源设备Ⅲ=089|火电设备=067|综合电力设备商=085|电机Ⅲ=084|燃料电池=087|电池化学品=043:0.5;048:0.5
蓄电池及其他电池=087|锂电专用设备=078|锂电池=087|电工仪器仪表=096|电网自动化设备=085|线缆部件及其他=086
输变电设备=085|配电设备=085|风电整机=067|风电零部件=067:0.5;066:0.5|印制电路板=094|被动元件=094|LED=094
光学元件=096:0.5;094:0.5|面板=094|其他电子Ⅲ=095|分立器件=094|半导体材料=094|半导体设备=078
数字芯片设计=094:0.5;129:0.5|模拟芯片设计=094:0.5;129:0.5|集成电路制造=094|集成电路封测=094
品牌消费电子=091:0.5;093:0.5|消费电子零部件及组装=094:0.6;095:0.4|电子化学品Ⅲ=048:0.5;094:0.5
油气及炼化工程=106|油田服务=011|油气开采Ⅲ=007|其他石化=043:0.5;047:0.5|油品石化贸易=109|炼油化工=041:0.7;043:0.3
人力资源服务=135|会展服务=135|其他专业服务=137|检测服务=137|体育Ⅲ=150|培训教育=144|学历教育=144
教育运营及其他=144|人工景区=141|旅游综合=135|自然景区=141|酒店=123|餐饮=124|家纺=031|运动服装=032
非运动服装=032|鞋帽及其他=034|其他纺织=027|印染=027|棉纺=027|纺织鞋类制造=034|辅料=031|其他饰品=039
钟表珠宝=039:0.5;110:0.5|综合Ⅲ=135|洗护用品=049|生活用纸=037|化妆品制造及其他=049|品牌化妆品=049|医美服务=145
医美耗材=050|IT服务Ⅲ=129|其他计算机设备=090|安防设备=090:0.5;095:0.5|垂直应用软件=128|横向通用软件=128
印刷=038|塑料包装=053|纸包装=037|综合包装=037:0.5;053:0.5|金属包装=066|其他家居用品=097|卫浴制品=058|定制家居=036
成品家居=036|瓷砖地板=058:0.5;035:0.5|娱乐用品=040|文化用品=040|大宗用纸=037|特种纸=037|电信运营商=125
通信工程及服务=106:0.5;129:0.5|通信应用增值服务=125:0.5;127:0.5|其他通信设备=091|通信线缆及配套=086
通信终端及配件=091|通信网络设备及器件=091|冶钢辅料=059:0.5;063:0.5|铁矿石=008|板材=061:0.5;062:0.5|钢铁管材=062
长材=061:0.5;062:0.5|特钢Ⅲ=061:0.5;062:0.5|农商行Ⅲ=130|国有大型银行Ⅲ=130|城商行Ⅲ=130|股份制银行Ⅲ=130|保险Ⅲ=132
信托=130|其他多元金融=130|期货=131|租赁=130|资产管理=131|金融信息服务=131|金融控股=130|证券Ⅲ=131
烘焙食品=022|熟食=016|零食=022:0.5;018:0.5|白酒Ⅲ=023|调味发酵品Ⅲ=021|其他酒类=023|啤酒=023|保健品=022
其他食品=022|肉制品=016|预加工食品=019|乳品=020|软饮料=024
"""

_TS = """
IT设备=090|专用机械=078|中成药=050|乳制品=020|互联网=127|仓储物流=121|供气供热=101:0.6;100:0.4|保险=132|元器件=094
全国地产=133|公共交通=113|公路=114|其他商业=110|其他建材=056|农业综合=001|农用机械=076|农药化肥=044:0.5;045:0.5
出版业=147|化学制药=050|化工原料=043|化工机械=075|化纤=051|区域地产=133|医疗保健=077:0.7;145:0.3|医药商业=109
半导体=094|商品城=133|商贸代理=109|啤酒=023|园区开发=133|塑料=053|多元金融=130|家居用品=036|家用电器=088
小金属=064|工程机械=074|广告包装=135:0.5;037:0.5|建筑工程=106|影视音像=148|房产服务=133|批发业=109|摩托车=083
文教休闲=040|新型电力=100|旅游景点=141|旅游服务=135|日用化工=049|普钢=061:0.5;062:0.5|服饰=032|机场=118
机床制造=068|机械基件=073|林业=002|水力发电=100|水务=102|水泥=054|水运=116|汽车整车=079|汽车服务=110
汽车配件=080|渔业=004|港口=116|火力发电=100|焦炭加工=042|煤炭开采=006|特种钢=061:0.5;062:0.5|环境保护=140
玻璃=057|生物制药=050|电信运营=125|电器仪表=096|电器连锁=110|电气设备=085|白酒=023|百货=110|石油加工=041
石油开采=007|石油贸易=109|矿物制品=060|种植业=001|空运=117|红黄酒=023|纺织=027|纺织机械=078|综合类=135
航空=083|船舶=082|装修装饰=108|证券=131|超市连锁=110|路桥=114|软件服务=128:0.6;129:0.4|软饮料=024
轻工机械=078|运输设备=081|通信设备=091|造纸=037|酒店餐饮=123:0.5;124:0.5|钢加工=062|铁路=112
铅锌=009:0.5;064:0.5|铜=064:0.6;065:0.4|铝=064:0.6;065:0.4|银行=130|陶瓷=058|食品=022|饲料=013
黄金=009:0.5;064:0.5|染料涂料=046|橡胶=052
"""


def _parse(text):
    out = {}
    for line in text.strip().splitlines():
        for item in line.split("|"):
            k, v = item.split("=")
            out[k.strip()] = _m(v.strip())
    return out


SW_L3_TO_IO = _parse(_SW)
TUSHARE_TO_IO = _parse(_TS)

# --- provinces ----------------------------------------------------------------------------------------
# Short province name -> capital city (as named in the DataV admin file). Public fact, used to place
# companies whose city is unknown.
CAPITAL = {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市", "河北": "石家庄市", "山西": "太原市",
    "内蒙古": "呼和浩特市", "辽宁": "沈阳市", "吉林": "长春市", "黑龙江": "哈尔滨市", "江苏": "南京市",
    "浙江": "杭州市", "安徽": "合肥市", "福建": "福州市", "江西": "南昌市", "山东": "济南市", "河南": "郑州市",
    "湖北": "武汉市", "湖南": "长沙市", "广东": "广州市", "广西": "南宁市", "海南": "海口市", "四川": "成都市",
    "贵州": "贵阳市", "云南": "昆明市", "西藏": "拉萨市", "陕西": "西安市", "甘肃": "兰州市", "青海": "西宁市",
    "宁夏": "银川市", "新疆": "乌鲁木齐市",
}
MUNICIPALITIES = ("北京", "天津", "上海", "重庆")
