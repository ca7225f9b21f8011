# The golden cases (sourced by golden.sh and update.sh): one line a case,
#   gcase NAME ARGS...
# runs `chainrank --threads N ARGS...` and compares stdout, a line
# "# exit CODE" and the messages on stderr with tests/golden/NAME.out. A case whose ARGS hold the word
# @OUT@ writes files there (batch): the output is then the tree under it,
# every file in sorted path order after a "== path" line.
# Paths are relative to the source tree. T: datasets/tiny (shipped with the
# code); S: a frozen slice of china2020 (tests/golden/data/slice, made by
# make_slice.py), so the goldens never read datasets/china2020.
T=datasets/tiny
S=tests/golden/data/slice
DS=datasets/schemes
GS=tests/golden/schemes

# rank: every format, both evaluation paths, --excluded, all rows
gcase rank-tiny-p1-balanced-table   rank $T --park P1 --scheme $DS/balanced.json
gcase rank-tiny-p1-chainfirst-csv   rank $T --park P1 --scheme $DS/chain-first.json --format csv
gcase rank-tiny-p1-green-json       rank $T --park P1 --scheme $DS/green-objective.json --format json
gcase rank-tiny-p2-balanced-excl    rank $T --park P2 --scheme $DS/balanced.json --excluded
gcase rank-tiny-p1-mixed-json-excl  rank $T --park P1 --scheme $GS/mixed-wsm.json --format json --excluded
gcase rank-tiny-p2-critic-table     rank $T --park P2 --scheme $GS/critic-topsis.json
gcase rank-slice-nev-balanced-table rank $S --park G311082 --chain nev --scheme $DS/balanced.json --top 15
gcase rank-slice-nev-balanced-csv   rank $S --park G311082 --chain nev --scheme $DS/balanced.json --top 15 --format csv
gcase rank-slice-nev-balanced-json  rank $S --park G311082 --chain nev --scheme $DS/balanced.json --top 15 --format json
gcase rank-slice-nev-balanced-excl  rank $S --park G311082 --chain nev --scheme $DS/balanced.json --top 15 --excluded
gcase rank-slice-ele-chainfirst-csv rank $S --park G311084 --chain ele --scheme $DS/chain-first.json --top 0 --format csv
gcase rank-slice-ele-green-table    rank $S --park G311084 --chain ele --scheme $DS/green-objective.json --top 25
gcase rank-slice-ele-green-json-ex  rank $S --park G311084 --chain ele --scheme $DS/green-objective.json --top 10 --format json --excluded
gcase rank-slice-nev-mixed-table    rank $S --park S319011 --chain nev --scheme $GS/mixed-wsm.json --top 20
gcase rank-slice-nev-mixed-excl-csv rank $S --park S319011 --chain nev --scheme $GS/mixed-wsm.json --top 20 --format csv --excluded
gcase rank-slice-ele-critic-json    rank $S --park S318036 --chain ele --scheme $GS/critic-topsis.json --top 12 --format json

# gaps
gcase gaps-tiny-p1-table   gaps $T --park P1
gcase gaps-tiny-p2-json    gaps $T --park P2 --format json
gcase gaps-slice-nev-table gaps $S --park G311082 --chain nev
gcase gaps-slice-ele-json  gaps $S --park G311084 --chain ele --format json

# compare: agreement between schemes, SMAA (fixed seed), backtest (--cutoff)
gcase compare-tiny-error         compare $T --park P1 --chain nev --schemes $DS/balanced.json $DS/chain-first.json $DS/green-objective.json
gcase compare-slice-agree-json  compare $S --park G311084 --chain ele --schemes $DS/balanced.json $DS/chain-first.json $GS/mixed-wsm.json --top 10 --format json
gcase compare-slice-smaa-json   compare $S --park G311084 --chain ele --schemes $DS/balanced.json $DS/green-objective.json --top 8 --monte-carlo 400 --seed 5 --format json
gcase compare-slice-smaa-table  compare $S --park G311082 --chain nev --schemes $DS/balanced.json $DS/chain-first.json --top 5 --monte-carlo 300 --seed 11
gcase compare-slice-bt-json     compare $S --park S318036 --chain ele --schemes $DS/balanced.json $DS/chain-first.json $DS/green-objective.json --cutoff 2021-01-01 --format json
gcase compare-slice-bt-csv      compare $S --park S318036 --chain ele --schemes $DS/balanced.json $GS/critic-topsis.json --cutoff 2021-01-01 --format csv
gcase compare-slice-allparks    compare $S --all-parks --schemes $DS/balanced.json $DS/green-objective.json $GS/mixed-wsm.json --cutoff 2022-01-01 --format json
gcase compare-rankings-json     compare --rankings tests/data/agree/small.json --format json

# batch: the index and every list
gcase batch-tiny-json  batch $T --plan tests/golden/plan-tiny.json --out @OUT@ --format json
gcase batch-slice-csv  batch $S --plan tests/golden/plan-slice.json --out @OUT@

# the landing likelihood: fit (model JSON on stdout, coefficients on stderr) and the evidence
L=tests/data/likely1
# (the coefficient table, 4 decimals: the model file's last digits differ between the release and the
# sanitizer builds on this tiny, collinear fit; tests/unit/test_likely.c checks the file's exact round trip)
gcase fit-likely1-table       fit $L --source obs --from-year 2014 --cutoff 2017-01-01 --neg-rate 1 --format table
gcase fit-likely1-bad-cutoff  fit $L --source obs --cutoff 2016-03-01
gcase fit-likely1-no-events   fit $L --source nobody --from-year 2014 --cutoff 2017-01-01
gcase evidence-likely1-table  evidence $L --schemes $DS/balanced.json $DS/green-objective.json --source obs --train-from 2014 --from 2015 --to 2016 --top 1,2 --boot 50 --neg-rate 1
gcase evidence-likely1-json   evidence $L --schemes $DS/balanced.json --source obs --train-from 2014 --from 2015 --to 2016 --top 1,2 --boot 50 --neg-rate 1 --format json
gcase evidence-no-schemes     evidence $L --source obs

# projects (issue 16): vet, ledger, library on tiny's projects, proposals and policy
gcase vet-tiny-proposals-table     vet $T --projects $T/proposals.csv --policy $T/policy.json
gcase vet-tiny-proposals-json      vet $T --projects $T/proposals.csv --policy $T/policy.json --format json
gcase vet-tiny-proposals-csv       vet $T --projects $T/proposals.csv --policy $T/policy.json --format csv
gcase vet-tiny-own-default         vet $T --as-of 2024-06-01
gcase ledger-tiny-table            ledger $T
gcase ledger-tiny-park-json        ledger $T --by park --format json
gcase ledger-tiny-year-csv         ledger $T --by year --as-of 2024-12-31 --format csv
gcase ledger-tiny-overdue-csv      ledger $T --overdue --format csv
gcase ledger-tiny-scheme-table     ledger $T --by scheme --schemes $DS/balanced.json $DS/chain-first.json --top 2
gcase library-tiny-table           library $T --chain nev --scheme $DS/balanced.json --tier-a 1 --tier-b 2
gcase library-tiny-json            library $T --chain nev --scheme $DS/balanced.json --format json
gcase library-tiny-csv             library $T --chain nev --scheme $DS/balanced.json --format csv --parks P2
# report: the chain lead's HTML (issue 15 §1), Chinese with the map's outlines and three schemes; English
# with the plain scatter; batch --report (every job's report and index.html)
gcase report-tiny-p1-zh     report $T --park P1 --scheme $DS/balanced.json --schemes $DS/chain-first.json $DS/green-objective.json --monte-carlo 200 --out -
gcase report-tiny-p2-en     report $T --park P2 --scheme $DS/chain-first.json --lang en --outlines none --out -
gcase batch-tiny-report     batch $T --plan tests/golden/plan-tiny.json --out @OUT@ --report --lang en --outlines none
gcase report-tiny-errors    report $T --park P9 --scheme $DS/balanced.json --out -
gcase rank-tiny-p1-chainfirst-table rank $T --park P1 --scheme $DS/chain-first.json --top 5

# parks and chains (issue 18 §4)
gcase parks-tiny-table              parks $T
gcase parks-slice-csv               parks $S --format csv
gcase chains-slice-json             chains $S --format json
gcase gaps-slice-nev-csv            gaps $S --park G311082 --chain nev --format csv
# across parks (issue 17): sites, contest, allocate; every format
gcase sites-tiny-e4-balanced-table  sites $T --enterprise E4 --scheme $DS/balanced.json
gcase sites-tiny-e3-green-json      sites $T --enterprise E3 --scheme $DS/green-objective.json --format json
gcase sites-slice-nev-csv           sites $S --enterprise 600303.SH --chain nev --scheme $DS/balanced.json --top 10 --format csv
gcase contest-tiny-table            contest $T --chain nev --scheme $DS/balanced.json
gcase contest-slice-nev-json        contest $S --chain nev --scheme $DS/chain-first.json --top 10 --format json
gcase contest-slice-nev-csv         contest $S --chain nev --scheme $DS/balanced.json --top 10 --format csv
gcase allocate-tiny-table           allocate $T --chain nev --scheme $DS/balanced.json --capacity 1
gcase allocate-slice-nev-table      allocate $S --chain nev --scheme $DS/balanced.json --capacity 3 --top 10
gcase allocate-slice-nev-json       allocate $S --chain nev --scheme $DS/chain-first.json --capacity 2 --format json
gcase allocate-slice-nev-csv        allocate $S --chain nev --scheme $DS/balanced.json --capacity 2 --top 6 --format csv

# snapshot (docs/snapshot.md): the command's error on a folder that is no
# dataset, and a foreign file given as the snapshot: a warning, then the
# files are read (the same output as without it)
gcase snapshot-missing              snapshot tests/golden/no-such-dataset
gcase snapshot-foreign-validate     --snapshot $T/links.csv validate $T
