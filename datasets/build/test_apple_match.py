#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Tests of the Apple-address -> catalogue-zone matcher (apple.py) on real addresses from the list whose
zone was checked by hand (apple_match_sample.csv), and of the pinyin and supplier-name rules.
Standard library unittest; run: python3 datasets/build/test_apple_match.py"""
import csv
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import apple  # noqa: E402
import build_china2020 as B  # noqa: E402

MATCHER = None


def matcher():
    global MATCHER
    if MATCHER is None:
        admin = B.Admin(B.read_csv("china_admin_divisions_datav_centers.csv"))
        parks = B.build_parks(admin, None, None)
        MATCHER = apple.Matcher(parks, list(admin.by_code.values()), B.prov_short, B.admin_short)
    return MATCHER


class Pinyin(unittest.TestCase):
    def test_place_readings(self):
        for zh, py in (("厦门", "xiamen"), ("重庆", "chongqing"), ("六安", "luan"), ("蚌埠", "bengbu"),
                       ("闵行", "minhang"), ("莘庄", "xinzhuang"), ("浒墅关", "xushuguan"), ("成都", "chengdu"),
                       ("长沙", "changsha"), ("东莞", "dongguan"), ("黄埔", "huangpu"), ("西安", "xian")):
            self.assertEqual(apple.pinyin(zh), py, zh)


class Suppliers(unittest.TestCase):
    def test_spellings_merge(self):
        same = [("Hon Hai Precision Industry Co Ltd (Foxconn)", "Hon Hai Precision Industry Company Limited (Foxconn)"),
                ("AAC Acoustic Technologies Holdings\nIncorporated", "AAC Technologies Holdings Inc."),
                ("Tian Jin Lishen Battery Joint-Stock Company Ltd", "Tianjin Lishen Battery Joint-Stock Co. Ltd."),
                ("R.R. Donnelley & Sons Co.", "RR Donnelley and Sons Co."),
                ("AT&S", "Austria Technologie & Systemtechnik AG")]
        for a, b in same:
            self.assertEqual(apple.norm_supplier(a), apple.norm_supplier(b), (a, b))

    def test_distinct_firms_stay_apart(self):
        self.assertNotEqual(apple.norm_supplier("Samsung SDI Co Ltd"), apple.norm_supplier("SDI Corporation"))
        self.assertNotEqual(apple.norm_supplier("Samsung Electronics Co. Ltd."),
                            apple.norm_supplier("Samsung Electro-Mechanics Co Ltd"))


class Addresses(unittest.TestCase):
    def test_street_key_ignores_spelling(self):
        a = apple.street_key(apple.norm_en("No 800 Kang Yuan Road Suzhou"))
        b = apple.street_key(apple.norm_en("800 Kangyuan Rd Suzhou"))
        self.assertEqual(a, "800kangyuanroad")
        self.assertEqual(a, b)

    def test_hand_checked_sample(self):
        m = matcher()
        with open(os.path.join(HERE, "apple_match_sample.csv"), encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertGreaterEqual(len(rows), 30)
        bad = []
        for r in rows:
            z = m.match(r["address"])["zone"]
            got = z["_id"] if z is not None else ""
            if got != r["expected_zone"]:
                bad.append("%s: expected %r, got %r (%s)" % (r["address"], r["expected_zone"], got, r["why"]))
        self.assertEqual(bad, [])


if __name__ == "__main__":
    unittest.main()
