/* Phrase table of the explanation texts (see phrases.h). English is the
 * text `rank` has always printed (its goldens pin it); Chinese is what a
 * department reads: 补链/强链/延链 and the units (吨, 万元, 公里, 公顷) as
 * they are written in Chinese planning documents. */
#include "rank/phrases.h"

#include <string.h>

const char *const cr__phrases[CR__P_COUNT][CR_LANG_COUNT] = {
    [CR__P_LIST_SEP] = {", ", "、"},
    [CR__P_CLAUSE_SEP] = {"; ", "；"},
    [CR__P_NO_GAP] = {"no gap filled", "未填补缺口"},
    [CR__P_GAP_ITEM] = {"%s %.*s %.0f%%", "%s %.*s %.0f%%"},
    [CR__P_PARTNERS] = {"; partners:", "；本地伙伴："},
    [CR__P_PARTNER] = {" %s", "%s"},
    [CR__P_PARTNER_TENANT] = {" (tenant)", "（园区企业）"},
    [CR__P_PARTNER_KM] = {" %.0f km", "（%.0f公里）"},
    [CR__P_PARTNER_LINKS] = {" (%d links)", "（共%d条关联）"},
    [CR__P_BINDING] = {"; binding: %s %.0f%% left", "；制约资源：%s，余量%.0f%%"},
    [CR__P_CO2_NOBENCH] = {"; CO2 %.3g t/10^4 CNY (no benchmark)", "；碳排放强度%.3g吨/万元（无基准）"},
    [CR__P_CO2_BENCH] = {"; CO2 %.3g vs benchmark %.3g", "；碳排放强度%.3g，行业基准%.3g"},
    [CR__P_FOLLOWERS] = {"; suppliers that could follow: %d", "；可跟随落地的供应商：%d家"},
    [CR__P_LIK] = {"; likelihood %.2g%%/yr: nearest site %.0f km", "；落地可能性%.2g%%/年：最近厂址%.0f公里"},
    [CR__P_LIK_SITES1] = {", %d site within 50 km", "，50公里内厂址%d处"},
    [CR__P_LIK_SITESN] = {", %d sites within 50 km", "，50公里内厂址%d处"},
    [CR__P_LIK_SEG1] = {", its segment here (%d tenant)", "，本园已有同环节企业%d家"},
    [CR__P_LIK_SEGN] = {", its segment here (%d tenants)", "，本园已有同环节企业%d家"},
    [CR__P_LIK_PART1] = {", %d partner here or within 50 km", "，本园或50公里内伙伴%d家"},
    [CR__P_LIK_PARTN] = {", %d partners here or within 50 km", "，本园或50公里内伙伴%d家"},
    [CR__P_LIK_CITY] = {", same city", "，同城"},
    [CR__P_LIK_PROVINCE] = {", same province", "，同省"},
    [CR__P_NOW] = {"; now: %1$s%2$s%3$s", "；现址：%3$s%2$s%1$s"},   /* city, separator, province */
    [CR__P_NOW_PLACE_SEP] = {" ", ""},
    [CR__P_NOW_IN_AFTER] = {", in ", "，已入驻"},
    [CR__P_NOW_IN] = {"; now in ", "；已入驻"},
    [CR__P_SAME_CITY] = {" (same city)", "（同城）"},
    [CR__P_BANNED] = {"banned category '%s' (segment %s)", "禁止类别“%s”（环节%s）"},
    [CR__P_ENV_LOAD] = {"%s load %.4g > quota %.4g %s", "%s总量%.4g超过配额%.4g %s"},
    [CR__P_ENV_CAP] = {"%s intensity %.4g > cap %.4g per 10^4 CNY", "%s强度%.4g超过上限%.4g（每万元产值）"},
    [CR__P_MISSING_ENDOW] = {"missing endowment", "缺少禀赋"},
    [CR__P_RES_NEED] = {"%s need %.4g > %.4g %s available", "%s需求%.4g超过可用%.4g %s"},
    [CR__P_POOL_TENANT] = {"candidate pool: a tenant of %1$s, another park of the same %2$s: not a plant from outside",
                           "候选池：已入驻同%2$s的另一园区%1$s，不属外来投资"},
    [CR__P_POOL_HQ] = {"candidate pool: headquartered in %s", "候选池：总部位于%s"},
    [CR__P_CITY] = {"city", "市"},
    [CR__P_PROVINCE] = {"province", "省"},
    [CR__P_RES_LAND] = {"land", "土地"},
    [CR__P_RES_WATER] = {"water", "用水"},
    [CR__P_RES_POWER] = {"power", "用电"},
    [CR__P_RES_LABOUR] = {"labour", "劳动力"},
    [CR__P_RES_SKILLED] = {"skilled", "技能人才"},
    [CR__P_RES_ENDOW] = {"endowments", "资源禀赋"},
    [CR__P_UNIT_LAND] = {"ha", "公顷"},
    [CR__P_UNIT_WATER] = {"10^4 m3/yr", "万立方米/年"},
    [CR__P_UNIT_POWER] = {"10^4 kWh/yr", "万千瓦时/年"},
    [CR__P_UNIT_LABOUR] = {"workers", "人"},
    [CR__P_UNIT_SKILLED] = {"skilled workers", "技能人才"},
    [CR__P_UNIT_ENDOW] = {"", ""},
    [CR__P_ENV_CO2] = {"CO2", "碳排放"},
    [CR__P_ENV_ENERGY] = {"energy", "能耗"},
    [CR__P_ENV_POLLUTANT] = {"pollutant", "污染物"},
    [CR__P_ENVU_CO2] = {"t/yr", "吨/年"},
    [CR__P_ENVU_ENERGY] = {"tce/yr", "吨标煤/年"},
    [CR__P_ENVU_POLLUTANT] = {"t/yr", "吨/年"},
};

/* Words of the shipped datasets' dictionaries (endowments, categories). */
static const struct {
    const char *id, *zh;
} words[] = {
    {"university", "高校"}, {"rail", "铁路"}, {"port", "港口"}, {"ore", "矿产"},
    {"agriculture", "农业"}, {"mining", "采矿"}, {"food", "食品"}, {"textiles-dyeing", "纺织印染"},
    {"general", "一般"}, {"paper", "造纸"}, {"chemical", "化工"}, {"pharmaceutical", "医药"},
    {"building-materials", "建材"}, {"metallurgy", "冶金"}, {"electroplating", "电镀"}, {"battery", "电池"},
    {"waste-recycling", "废物回收"}, {"power", "电力"}, {"construction", "建筑"}, {"services", "服务"},
};

const char *cr__word(const char *id, cr_lang lang)
{
    if (lang != CR_LANG_ZH) return id;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (!strcmp(words[i].id, id)) return words[i].zh;
    return id;
}

const char *cr_rank_phrase_word(const char *id, cr_lang lang) { return cr__word(id, lang); }
