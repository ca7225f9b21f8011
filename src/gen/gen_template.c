/* GENERATED once by a python one-off (see docs/generator.md, "Template"); do not edit by hand.
 * Source: NBS 2020 national input-output table, 153 products (国家统计局 2020年全国投入产出表),
 * /work/shared/datasets/public/china_io_2020_153sectors_nbs.csv (ionet data/china_2020_153.rda).
 * coef = a_ij = Z_ij / GO_j (GO = column "GO" of row j), kept when a_ij >= 0.01, self-loops included.
 * co2 = CEADs scope-1 CO2 2019 of the CEADs sector (Mt) * 1e6 / sum of NBS 2020 GO of its IO sectors
 *       (t CO2 per 10^4 CNY), file ceads_china_co2_scope1_by_sector_1997_2019.csv.
 * rd (R&D share of revenue) and water (m3 per 10^4 CNY) are illustrative hand-set benchmarks. */
#include "gen/gen_internal.h"

const cr__gen_seg cr__gen_tmpl_segs[CR__GEN_TMPL_NSEG] = {
    {"herbs", "中药材 medicinal crops", "general", "", "001", 0.06796, 0.005, 40.0}, /* CEADs: Farming, Forestry, Animal Husbandry, Fishery and Water Conservancy */
    {"nf_ore", "有色金属矿 non-ferrous ore (lithium, cobalt, nickel)", "mining", "ore", "009", 0.04691, 0.006, 12.0}, /* CEADs: Nonferrous Metals Mining and Dressing */
    {"nm_ore", "非金属矿 quartz and other non-metallic ore", "mining", "ore", "010", 0.11373, 0.005, 10.0}, /* CEADs: Nonmetal Minerals Mining and Dressing */
    {"ferment", "发酵制品 fermentation products", "general", "", "021", 0.07202, 0.010, 15.0}, /* CEADs: Food Production */
    {"chem_raw", "基础化学原料 basic chemicals", "chemical", "port", "043", 0.20942, 0.012, 20.0}, /* CEADs: Raw Chemical Materials and Chemical Products */
    {"synth_mat", "合成材料 synthetic materials", "chemical", "port", "047", 0.20942, 0.012, 15.0}, /* CEADs: Raw Chemical Materials and Chemical Products */
    {"spec_chem", "专用化学品 special chemicals (electronic gases, photoresist, electrolyte)", "chemical", "", "048", 0.20942, 0.020, 12.0}, /* CEADs: Raw Chemical Materials and Chemical Products */
    {"pharma", "医药制品 pharmaceuticals", "pharma", "university", "050", 0.00825, 0.030, 8.0}, /* CEADs: Medical and Pharmaceutical Products */
    {"rubber", "橡胶制品 rubber products (tyres)", "chemical", "", "052", 0.01349, 0.012, 5.0}, /* CEADs: Rubber Products */
    {"plastic", "塑料制品 plastic products", "general", "", "053", 0.00426, 0.010, 3.0}, /* CEADs: Plastic Products */
    {"glass", "玻璃 glass (display, pharmaceutical)", "general", "", "057", 1.51677, 0.012, 4.0}, /* CEADs: Nonmetal Mineral Products */
    {"steel_roll", "钢压延 rolled steel", "metallurgy", "rail", "062", 2.71116, 0.010, 6.0}, /* CEADs: Smelting and Pressing of Ferrous Metals */
    {"nf_smelt", "有色金属冶炼 non-ferrous smelting (lithium, copper, aluminium)", "metallurgy", "rail", "064", 0.12295, 0.007, 10.0}, /* CEADs: Smelting and Pressing of Nonferrous Metals */
    {"nf_roll", "有色金属压延 non-ferrous rolling (copper foil, aluminium sheet)", "metallurgy", "", "065", 0.12295, 0.009, 5.0}, /* CEADs: Smelting and Pressing of Nonferrous Metals */
    {"med_device", "医疗器械 medical devices", "general", "university", "077", 0.00761, 0.035, 2.0}, /* CEADs: Equipment for Special Purposes */
    {"vehicle", "汽车整车 vehicles", "general", "rail", "079", 0.00712, 0.016, 2.0}, /* CEADs: Transportation Equipment */
    {"auto_part", "汽车零部件 auto parts", "general", "", "080", 0.00712, 0.018, 2.0}, /* CEADs: Transportation Equipment */
    {"motor", "电机 electric motors", "general", "", "084", 0.00275, 0.020, 2.0}, /* CEADs: Electric Equipment and Machinery */
    {"control", "输配电及控制设备 power electronics and control", "general", "", "085", 0.00275, 0.025, 2.0}, /* CEADs: Electric Equipment and Machinery */
    {"cable", "电线电缆光缆 wires, cables, optical fibre", "general", "", "086", 0.00275, 0.015, 2.0}, /* CEADs: Electric Equipment and Machinery */
    {"battery", "电池 batteries", "battery", "", "087", 0.00275, 0.030, 4.0}, /* CEADs: Electric Equipment and Machinery */
    {"computer", "计算机 computers", "general", "", "090", 0.00299, 0.020, 1.0}, /* CEADs: Electronic and Telecommunications Equipment */
    {"telecom", "通信设备 communication equipment", "general", "university", "091", 0.00299, 0.040, 1.0}, /* CEADs: Electronic and Telecommunications Equipment */
    {"av_equip", "视听设备 audio-visual equipment", "general", "", "093", 0.00299, 0.020, 1.0}, /* CEADs: Electronic and Telecommunications Equipment */
    {"chip", "电子元器件 electronic components (chips, PCB)", "electroplating", "university", "094", 0.00299, 0.045, 6.0}, /* CEADs: Electronic and Telecommunications Equipment */
    {"elec_other", "其他电子设备 other electronic equipment", "general", "", "095", 0.00299, 0.025, 1.0}, /* CEADs: Electronic and Telecommunications Equipment */
    {"instrument", "仪器仪表 instruments", "general", "university", "096", 0.00251, 0.035, 1.0}, /* CEADs: Instruments, Meters, Cultural and Office Machinery */
    {"wholesale", "批发 wholesale and distribution", "general", "", "109", 0.03657, 0.002, 0.5}, /* CEADs: Wholesale, Retail Trade and Catering Services */
    {"software", "软件 software", "general", "university", "128", 0.02031, 0.100, 0.3}, /* CEADs: Others */
    {"it_service", "信息技术服务 IT services", "general", "university", "129", 0.02031, 0.060, 0.3}, /* CEADs: Others */
    {"rnd", "研究和试验发展 R&D and CRO", "general", "university", "136", 0.02031, 0.300, 0.5}, /* CEADs: Others */
    {"health", "卫生 health care", "general", "", "145", 0.02031, 0.010, 3.0}, /* CEADs: Others */
};

static const cr__gen_member m_nev[] = {
    {1, 0, 0}, /* 009 nf_ore */
    {4, 0, 0}, /* 043 chem_raw */
    {12, 0, 1}, /* 064 nf_smelt */
    {13, 0, 0}, /* 065 nf_roll */
    {11, 0, 0}, /* 062 steel_roll */
    {9, 1, 0}, /* 053 plastic */
    {8, 1, 0}, /* 052 rubber */
    {20, 1, 1}, /* 087 battery */
    {17, 1, 1}, /* 084 motor */
    {18, 1, 1}, /* 085 control */
    {24, 1, 1}, /* 094 chip */
    {16, 1, 0}, /* 080 auto_part */
    {15, 2, 1}, /* 079 vehicle */
    {28, 2, 0}, /* 128 software */
};
static const cr__gen_edge e_nev[] = {
    {1, 1, 0.0425}, /* 009 -> 009 */
    {1, 4, 0.0142}, /* 009 -> 043 */
    {1, 12, 0.2239}, /* 009 -> 064 */
    {1, 13, 0.0474}, /* 009 -> 065 */
    {4, 1, 0.0161}, /* 043 -> 009 */
    {4, 4, 0.1918}, /* 043 -> 043 */
    {4, 12, 0.0250}, /* 043 -> 064 */
    {4, 9, 0.0308}, /* 043 -> 053 */
    {4, 8, 0.0123}, /* 043 -> 052 */
    {4, 20, 0.0775}, /* 043 -> 087 */
    {12, 12, 0.1751}, /* 064 -> 064 */
    {12, 13, 0.4537}, /* 064 -> 065 */
    {12, 11, 0.0126}, /* 064 -> 062 */
    {12, 20, 0.1250}, /* 064 -> 087 */
    {12, 17, 0.0262}, /* 064 -> 084 */
    {12, 18, 0.0482}, /* 064 -> 085 */
    {12, 24, 0.0247}, /* 064 -> 094 */
    {12, 16, 0.0538}, /* 064 -> 080 */
    {13, 12, 0.0178}, /* 065 -> 064 */
    {13, 13, 0.1404}, /* 065 -> 065 */
    {13, 20, 0.0598}, /* 065 -> 087 */
    {13, 17, 0.1086}, /* 065 -> 084 */
    {13, 18, 0.0848}, /* 065 -> 085 */
    {13, 24, 0.0262}, /* 065 -> 094 */
    {13, 16, 0.0254}, /* 065 -> 080 */
    {13, 15, 0.0103}, /* 065 -> 079 */
    {11, 11, 0.0889}, /* 062 -> 062 */
    {11, 17, 0.0475}, /* 062 -> 084 */
    {11, 18, 0.0349}, /* 062 -> 085 */
    {11, 16, 0.0394}, /* 062 -> 080 */
    {11, 15, 0.0233}, /* 062 -> 079 */
    {9, 4, 0.0188}, /* 053 -> 043 */
    {9, 9, 0.1924}, /* 053 -> 053 */
    {9, 8, 0.0170}, /* 053 -> 052 */
    {9, 20, 0.0294}, /* 053 -> 087 */
    {9, 18, 0.0234}, /* 053 -> 085 */
    {9, 24, 0.0133}, /* 053 -> 094 */
    {9, 16, 0.0257}, /* 053 -> 080 */
    {8, 9, 0.0101}, /* 052 -> 053 */
    {8, 8, 0.1205}, /* 052 -> 052 */
    {8, 16, 0.0197}, /* 052 -> 080 */
    {8, 15, 0.0133}, /* 052 -> 079 */
    {20, 20, 0.1420}, /* 087 -> 087 */
    {20, 15, 0.0149}, /* 087 -> 079 */
    {17, 17, 0.0611}, /* 084 -> 084 */
    {18, 17, 0.0371}, /* 085 -> 084 */
    {18, 18, 0.1768}, /* 085 -> 085 */
    {18, 24, 0.0118}, /* 085 -> 094 */
    {24, 20, 0.0494}, /* 094 -> 087 */
    {24, 17, 0.0615}, /* 094 -> 084 */
    {24, 18, 0.0912}, /* 094 -> 085 */
    {24, 24, 0.4503}, /* 094 -> 094 */
    {24, 16, 0.0211}, /* 094 -> 080 */
    {16, 16, 0.2977}, /* 080 -> 080 */
    {16, 15, 0.2991}, /* 080 -> 079 */
    {15, 15, 0.0767}, /* 079 -> 079 */
    {28, 28, 0.0488}, /* 128 -> 128 */
};
static const cr__gen_member m_ele[] = {
    {2, 0, 0}, /* 010 nm_ore */
    {4, 0, 0}, /* 043 chem_raw */
    {6, 0, 1}, /* 048 spec_chem */
    {12, 0, 0}, /* 064 nf_smelt */
    {13, 0, 0}, /* 065 nf_roll */
    {10, 0, 0}, /* 057 glass */
    {9, 1, 0}, /* 053 plastic */
    {24, 1, 1}, /* 094 chip */
    {19, 1, 0}, /* 086 cable */
    {25, 1, 0}, /* 095 elec_other */
    {21, 2, 1}, /* 090 computer */
    {22, 2, 1}, /* 091 telecom */
    {23, 2, 0}, /* 093 av_equip */
    {28, 2, 1}, /* 128 software */
    {29, 2, 0}, /* 129 it_service */
};
static const cr__gen_edge e_ele[] = {
    {2, 2, 0.0123}, /* 010 -> 010 */
    {2, 4, 0.0242}, /* 010 -> 043 */
    {2, 10, 0.0511}, /* 010 -> 057 */
    {4, 2, 0.0195}, /* 043 -> 010 */
    {4, 4, 0.1918}, /* 043 -> 043 */
    {4, 6, 0.1429}, /* 043 -> 048 */
    {4, 12, 0.0250}, /* 043 -> 064 */
    {4, 10, 0.0743}, /* 043 -> 057 */
    {4, 9, 0.0308}, /* 043 -> 053 */
    {6, 2, 0.0512}, /* 048 -> 010 */
    {6, 4, 0.0292}, /* 048 -> 043 */
    {6, 6, 0.1423}, /* 048 -> 048 */
    {6, 10, 0.0143}, /* 048 -> 057 */
    {6, 9, 0.0265}, /* 048 -> 053 */
    {12, 6, 0.0229}, /* 064 -> 048 */
    {12, 12, 0.1751}, /* 064 -> 064 */
    {12, 13, 0.4537}, /* 064 -> 065 */
    {12, 24, 0.0247}, /* 064 -> 094 */
    {12, 19, 0.1397}, /* 064 -> 086 */
    {13, 12, 0.0178}, /* 065 -> 064 */
    {13, 13, 0.1404}, /* 065 -> 065 */
    {13, 10, 0.0103}, /* 065 -> 057 */
    {13, 24, 0.0262}, /* 065 -> 094 */
    {13, 19, 0.2600}, /* 065 -> 086 */
    {13, 25, 0.0138}, /* 065 -> 095 */
    {13, 23, 0.0115}, /* 065 -> 093 */
    {10, 10, 0.1622}, /* 057 -> 057 */
    {10, 24, 0.0139}, /* 057 -> 094 */
    {10, 19, 0.0288}, /* 057 -> 086 */
    {10, 25, 0.0118}, /* 057 -> 095 */
    {10, 22, 0.0180}, /* 057 -> 091 */
    {9, 4, 0.0188}, /* 053 -> 043 */
    {9, 6, 0.0207}, /* 053 -> 048 */
    {9, 10, 0.0198}, /* 053 -> 057 */
    {9, 9, 0.1924}, /* 053 -> 053 */
    {9, 24, 0.0133}, /* 053 -> 094 */
    {9, 19, 0.0265}, /* 053 -> 086 */
    {9, 25, 0.0196}, /* 053 -> 095 */
    {9, 22, 0.0135}, /* 053 -> 091 */
    {9, 23, 0.0304}, /* 053 -> 093 */
    {24, 24, 0.4503}, /* 094 -> 094 */
    {24, 19, 0.0156}, /* 094 -> 086 */
    {24, 25, 0.2988}, /* 094 -> 095 */
    {24, 21, 0.5216}, /* 094 -> 090 */
    {24, 22, 0.3795}, /* 094 -> 091 */
    {24, 23, 0.4773}, /* 094 -> 093 */
    {19, 19, 0.0414}, /* 086 -> 086 */
    {19, 25, 0.0156}, /* 086 -> 095 */
    {19, 22, 0.0204}, /* 086 -> 091 */
    {25, 25, 0.0558}, /* 095 -> 095 */
    {25, 23, 0.0154}, /* 095 -> 093 */
    {21, 21, 0.0962}, /* 090 -> 090 */
    {21, 22, 0.0121}, /* 090 -> 091 */
    {21, 28, 0.0337}, /* 090 -> 128 */
    {21, 29, 0.0271}, /* 090 -> 129 */
    {22, 22, 0.1478}, /* 091 -> 091 */
    {22, 23, 0.0115}, /* 091 -> 093 */
    {22, 28, 0.0176}, /* 091 -> 128 */
    {22, 29, 0.0485}, /* 091 -> 129 */
    {23, 23, 0.0771}, /* 093 -> 093 */
    {28, 28, 0.0488}, /* 128 -> 128 */
    {28, 29, 0.0286}, /* 128 -> 129 */
    {29, 24, 0.0328}, /* 129 -> 094 */
    {29, 21, 0.0297}, /* 129 -> 090 */
    {29, 28, 0.0591}, /* 129 -> 128 */
    {29, 29, 0.0647}, /* 129 -> 129 */
};
static const cr__gen_member m_bio[] = {
    {0, 0, 0}, /* 001 herbs */
    {3, 0, 0}, /* 021 ferment */
    {4, 0, 0}, /* 043 chem_raw */
    {6, 0, 0}, /* 048 spec_chem */
    {5, 0, 0}, /* 047 synth_mat */
    {10, 0, 0}, /* 057 glass */
    {30, 0, 1}, /* 136 rnd */
    {9, 1, 0}, /* 053 plastic */
    {7, 1, 1}, /* 050 pharma */
    {14, 1, 1}, /* 077 med_device */
    {26, 1, 0}, /* 096 instrument */
    {27, 2, 0}, /* 109 wholesale */
    {31, 2, 0}, /* 145 health */
};
static const cr__gen_edge e_bio[] = {
    {0, 0, 0.1154}, /* 001 -> 001 */
    {0, 3, 0.2297}, /* 001 -> 021 */
    {0, 6, 0.0144}, /* 001 -> 048 */
    {0, 7, 0.0759}, /* 001 -> 050 */
    {3, 3, 0.0857}, /* 021 -> 021 */
    {4, 4, 0.1918}, /* 043 -> 043 */
    {4, 6, 0.1429}, /* 043 -> 048 */
    {4, 5, 0.2365}, /* 043 -> 047 */
    {4, 10, 0.0743}, /* 043 -> 057 */
    {4, 9, 0.0308}, /* 043 -> 053 */
    {4, 7, 0.0299}, /* 043 -> 050 */
    {6, 4, 0.0292}, /* 048 -> 043 */
    {6, 6, 0.1423}, /* 048 -> 048 */
    {6, 5, 0.0325}, /* 048 -> 047 */
    {6, 10, 0.0143}, /* 048 -> 057 */
    {6, 30, 0.0378}, /* 048 -> 136 */
    {6, 9, 0.0265}, /* 048 -> 053 */
    {5, 4, 0.0124}, /* 047 -> 043 */
    {5, 6, 0.0218}, /* 047 -> 048 */
    {5, 5, 0.1308}, /* 047 -> 047 */
    {5, 10, 0.0171}, /* 047 -> 057 */
    {5, 9, 0.2505}, /* 047 -> 053 */
    {10, 10, 0.1622}, /* 057 -> 057 */
    {10, 26, 0.0206}, /* 057 -> 096 */
    {9, 0, 0.0120}, /* 053 -> 001 */
    {9, 3, 0.0138}, /* 053 -> 021 */
    {9, 4, 0.0188}, /* 053 -> 043 */
    {9, 6, 0.0207}, /* 053 -> 048 */
    {9, 10, 0.0198}, /* 053 -> 057 */
    {9, 9, 0.1924}, /* 053 -> 053 */
    {9, 14, 0.0228}, /* 053 -> 077 */
    {9, 26, 0.0125}, /* 053 -> 096 */
    {7, 7, 0.2063}, /* 050 -> 050 */
    {7, 31, 0.3379}, /* 050 -> 145 */
    {14, 14, 0.0791}, /* 077 -> 077 */
    {14, 31, 0.0343}, /* 077 -> 145 */
    {26, 30, 0.0383}, /* 096 -> 136 */
    {26, 14, 0.0298}, /* 096 -> 077 */
    {26, 26, 0.1479}, /* 096 -> 096 */
    {27, 3, 0.0292}, /* 109 -> 021 */
    {27, 4, 0.0231}, /* 109 -> 043 */
    {27, 6, 0.0286}, /* 109 -> 048 */
    {27, 5, 0.0247}, /* 109 -> 047 */
    {27, 10, 0.0277}, /* 109 -> 057 */
    {27, 30, 0.0171}, /* 109 -> 136 */
    {27, 9, 0.0246}, /* 109 -> 053 */
    {27, 7, 0.0335}, /* 109 -> 050 */
    {27, 14, 0.0300}, /* 109 -> 077 */
    {27, 26, 0.0313}, /* 109 -> 096 */
    {27, 31, 0.0346}, /* 109 -> 145 */
};

const cr__gen_chain cr__gen_tmpl_chains[CR__GEN_TMPL_NCHAIN] = {
    {"nev", "新能源汽车 new-energy vehicles", m_nev, sizeof m_nev / sizeof m_nev[0], e_nev, sizeof e_nev / sizeof e_nev[0]},
    {"ele", "电子信息 electronic information", m_ele, sizeof m_ele / sizeof m_ele[0], e_ele, sizeof e_ele / sizeof e_ele[0]},
    {"bio", "生物医药 biomedicine", m_bio, sizeof m_bio / sizeof m_bio[0], e_bio, sizeof e_bio / sizeof e_bio[0]},
};
