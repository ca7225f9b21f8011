#!/usr/bin/env python3
"""Writes datasets/china2020/holidays.csv: China's public holidays and adjusted
working days (调休上班) 2020-2026, transcribed from the State Council General
Office's yearly notices (国务院办公厅关于X年部分节假日安排的通知) and the 2020
Spring Festival extension (国务院办公厅关于延长2020年春节假期的通知, 国办发明电
〔2020〕1号). Each holiday period is every day from its first to its last day
as the notice gives them ("X月X日至X日放假(调休)"; weekend days inside a
period are listed too, harmlessly); each workday is a Saturday or Sunday the
notice names with "上班" (the script checks that it is a weekend day, and that
the weekday the notice prints next to it matches). Sources: datasets/SOURCES.md.
usage: python3 datasets/build/build_holidays.py datasets/china2020
(writes holidays.csv and names it in dataset.json, manifest key holidays)
"""
import datetime as dt
import json
import os
import sys

# year: (source, [(name, first, last)], [(workday, weekday printed in the notice: 5 Sat, 6 Sun)])
NOTICES = {
    2020: ("国办发明电〔2019〕16号; 春节 extended by 国办发明电〔2020〕1号",
           [("元旦", "01-01", "01-01"), ("春节", "01-24", "02-02"), ("清明节", "04-04", "04-06"),
            ("劳动节", "05-01", "05-05"), ("端午节", "06-25", "06-27"), ("国庆节、中秋节", "10-01", "10-08")],
           # 2-1 (Saturday) was a working day in 〔2019〕16号; the extension to 2-2 made it a holiday
           [("01-19", 6), ("04-26", 6), ("05-09", 5), ("06-28", 6), ("09-27", 6), ("10-10", 5)]),
    2021: ("国办发明电〔2020〕27号",
           [("元旦", "01-01", "01-03"), ("春节", "02-11", "02-17"), ("清明节", "04-03", "04-05"),
            ("劳动节", "05-01", "05-05"), ("端午节", "06-12", "06-14"), ("中秋节", "09-19", "09-21"),
            ("国庆节", "10-01", "10-07")],
           [("02-07", 6), ("02-20", 5), ("04-25", 6), ("05-08", 5), ("09-18", 5), ("09-26", 6), ("10-09", 5)]),
    2022: ("国办发明电〔2021〕11号",
           [("元旦", "01-01", "01-03"), ("春节", "01-31", "02-06"), ("清明节", "04-03", "04-05"),
            ("劳动节", "04-30", "05-04"), ("端午节", "06-03", "06-05"), ("中秋节", "09-10", "09-12"),
            ("国庆节", "10-01", "10-07")],
           [("01-29", 5), ("01-30", 6), ("04-02", 5), ("04-24", 6), ("05-07", 5), ("10-08", 5), ("10-09", 6)]),
    2023: ("国办发明电〔2022〕16号",
           [("元旦", "2022-12-31", "01-02"), ("春节", "01-21", "01-27"), ("清明节", "04-05", "04-05"),
            ("劳动节", "04-29", "05-03"), ("端午节", "06-22", "06-24"), ("中秋节、国庆节", "09-29", "10-06")],
           [("01-28", 5), ("01-29", 6), ("04-23", 6), ("05-06", 5), ("06-25", 6), ("10-07", 5), ("10-08", 6)]),
    2024: ("国办发明电〔2023〕7号",
           [("元旦", "01-01", "01-01"), ("春节", "02-10", "02-17"), ("清明节", "04-04", "04-06"),
            ("劳动节", "05-01", "05-05"), ("端午节", "06-10", "06-10"), ("中秋节", "09-15", "09-17"),
            ("国庆节", "10-01", "10-07")],
           [("02-04", 6), ("02-18", 6), ("04-07", 6), ("04-28", 6), ("05-11", 5), ("09-14", 5), ("09-29", 6),
            ("10-12", 5)]),
    2025: ("国办发明电〔2024〕12号",
           [("元旦", "01-01", "01-01"), ("春节", "01-28", "02-04"), ("清明节", "04-04", "04-06"),
            ("劳动节", "05-01", "05-05"), ("端午节", "05-31", "06-02"), ("国庆节、中秋节", "10-01", "10-08")],
           [("01-26", 6), ("02-08", 5), ("04-27", 6), ("09-28", 6), ("10-11", 5)]),
    2026: ("国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)",
           [("元旦", "01-01", "01-03"), ("春节", "02-15", "02-23"), ("清明节", "04-04", "04-06"),
            ("劳动节", "05-01", "05-05"), ("端午节", "06-19", "06-21"), ("中秋节", "09-25", "09-27"),
            ("国庆节", "10-01", "10-07")],
           [("01-04", 6), ("02-14", 5), ("02-28", 5), ("05-09", 5), ("09-20", 6), ("10-10", 5)]),
}


def day(year, s):
    return dt.date.fromisoformat(s if len(s) == 10 else "%d-%s" % (year, s))


def main(folder):
    rows = []
    for year, (source, holidays, workdays) in sorted(NOTICES.items()):
        for name, a, b in holidays:
            d, last = day(year, a), day(year, b)
            assert d <= last and (last - d).days < 10, (year, name)
            while d <= last:
                rows.append((d, "holiday", name, source))
                d += dt.timedelta(days=1)
        for w, printed in workdays:
            d = day(year, w)
            assert d.weekday() == printed, (year, w, d.weekday(), printed)   # the notice's 星期 matches the date
            rows.append((d, "workday", "调休上班", source))
    rows.sort()
    assert len({r[0] for r in rows}) == len(rows), "a date twice"
    with open(os.path.join(folder, "holidays.csv"), "w", encoding="utf-8") as f:
        f.write("date,kind,name,source\n")
        for x, kind, name, source in rows:
            f.write("%s,%s,%s,%s\n" % (x.isoformat(), kind, name, source))
    mpath = os.path.join(folder, "dataset.json")
    m = json.load(open(mpath, encoding="utf-8"))
    m["holidays"] = "holidays.csv"
    m.setdefault("observed_fields", {})["holidays"] = ["date", "kind", "name (the State Council notices, SOURCES.md)"]
    with open(mpath, "w", encoding="utf-8") as f:
        json.dump(m, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("%s: %d holiday calendar rows" % (folder, len(rows)), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
