#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Write datasets/build/pinyin_places.tsv: one toneless pinyin reading per Han character used in the place
names of datasets/raw (development-zone catalogue, admin divisions). Run once when those files change; the
build reads the committed table, so it does not need Unihan.

Readings: Unicode Unihan database field kMandarin (Debian package `unicode-data`,
/usr/share/unicode/Unihan_Readings.txt.bz2), first reading, tone marks removed, ü -> u (the Apple addresses
write 吕/绿 as "lu"/"lv"; we normalise "lv" -> "lu" on the English side). kMandarin gives the most common
reading, which is wrong for some characters in place names: PLACE_READINGS below overrides them (each with
the place that needs it)."""
import bz2
import csv
import os
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
RAW = os.path.normpath(os.path.join(HERE, "..", "raw"))
UNIHAN = "/usr/share/unicode/Unihan_Readings.txt.bz2"

# polyphonic (or kMandarin-first-reading-wrong) characters as read in Chinese place names
PLACE_READINGS = {
    "厦": "xia",    # 厦门 Xiamen
    "重": "chong",  # 重庆 Chongqing
    "六": "lu",     # 六安 Lu'an, 六合 Luhe
    "蚌": "beng",   # 蚌埠 Bengbu
    "长": "chang",  # 长沙, 长春, 长安
    "都": "du",     # 成都, 都江堰
    "藏": "zang",   # 西藏
    "莞": "guan",   # 东莞
    "番": "pan",    # 番禺
    "单": "shan",   # 单县
    "浚": "xun",    # 浚县
    "涡": "guo",    # 涡阳
    "泌": "bi",     # 泌阳
    "解": "xie",    # 解州
    "沈": "shen",   # 沈阳
    "埔": "pu",     # 黄埔, 大埔
    "翟": "zhai",   # 翟镇
    "浒": "xu",     # 浒墅关 Xushuguan
    "陂": "pi",     # 黄陂 Huangpi
    "什": "shi",    # 什邡 Shifang
    "铅": "yan",    # 铅山 Yanshan
    "柏": "bai",    # 柏乡
    "泊": "bo",     # 梁山泊, 泊头
    "乐": "le",     # 乐山, 乐昌 (乐清 is yueqing: see WORD_READINGS in apple.py)
    "堡": "bao",    # 大堡
    "万": "wan",    # 万州
    "兴": "xing",   # 兴化
    "行": "xing",   # 行唐
    "曲": "qu",     # 曲阜, 曲靖
    "吴": "wu",     # 吴中, 吴江
    "丽": "li",     # 丽水, 丽江
    "阿": "a",      # 阿克苏
    "尉": "wei",    # 尉氏
    "朝": "chao",   # 朝阳
    "会": "hui",    # 会同
    "和": "he",     # 和平
    "台": "tai",    # 台州
    "圩": "wei",    # 圩区
    "查": "zha",    # 查干湖
    "济": "ji",     # 济南
}


def toneless(s):
    s = unicodedata.normalize("NFD", s)
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return s.replace("ü", "u").lower()


def main():
    read = {}
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) == 3 and p[1] == "kMandarin":
                read[chr(int(p[0][2:], 16))] = toneless(p[2].split()[0])
    chars = set()
    for name, cols in (("china_devzones_2018_catalogue_geocoded.csv", ("开发区名称", "城市/区县", "省份")),
                       ("china_admin_divisions_datav_centers.csv", ("name",))):
        with open(os.path.join(RAW, name), encoding="utf-8-sig", newline="") as f:
            for r in csv.DictReader(f):
                for c in cols:
                    chars.update(ch for ch in r[c] if "\u3400" <= ch <= "\u9fff")
    missing = sorted(ch for ch in chars if ch not in read and ch not in PLACE_READINGS)
    if missing:
        sys.exit("no kMandarin reading for: " + "".join(missing))
    with open(os.path.join(HERE, "pinyin_places.tsv"), "w", encoding="utf-8", newline="") as f:
        f.write("# char\treading (Unihan kMandarin, toneless; place-name overrides marked *)\n")
        for ch in sorted(chars):
            if ch in PLACE_READINGS:
                f.write("%s\t%s\t*\n" % (ch, PLACE_READINGS[ch]))
            else:
                f.write("%s\t%s\n" % (ch, read[ch]))


if __name__ == "__main__":
    main()
