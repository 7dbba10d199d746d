# Independent of kpi: sums the SAF-T lines by NS 4102 class of their GroupingCode/StandardAccountID (else account).
import sys, xml.etree.ElementTree as ET
from decimal import Decimal
from collections import defaultdict
t = ET.parse(sys.argv[1]); r = t.getroot()
ln = lambda e: e.tag.split('}')[-1]
def find(e, name): return [c for c in e.iter() if ln(c) == name]
std = {}
for a in find(r, 'Account'):
    kids = {ln(c): (c.text or '').strip() for c in a}
    std[kids.get('AccountID')] = kids.get('StandardAccountID') or kids.get('GroupingCode') or kids.get('AccountID')
sums = defaultdict(lambda: defaultdict(Decimal))
for tx in find(r, 'Transaction'):
    date = [c for c in tx if ln(c) == 'TransactionDate'][0].text
    for line in [c for c in tx if ln(c) == 'Line']:
        acc = [c for c in line if ln(c) == 'AccountID'][0].text
        for c in line:
            if ln(c) in ('DebitAmount', 'CreditAmount'):
                amt = Decimal([x for x in c if ln(x) == 'Amount'][0].text)
                sums[date[:7]][std[acc]] += amt if ln(c) == 'DebitAmount' else -amt
def cat(s):
    n = s.ljust(4, '0')[:4]
    if s[0] in '12': return None
    if s[0] == '3': return 'revenue'
    if s[0] == '4': return 'cogs'
    if '6000' <= n <= '6099': return 'da'
    if '7320' <= n <= '7349': return 'marketing'
    if s[0] in '567': return 'opex'
    if n[:2] in ('80','81','82'): return 'interest'
    if n[:2] in ('83','86'): return 'tax'
    return '?'+s
for month in sorted(sums) + ['all']:
    c = defaultdict(Decimal)
    for m, accs in sums.items():
        if month != 'all' and m != month: continue
        for s, v in accs.items():
            k = cat(s)
            if k: c[k] += v
    rev = -c['revenue']; ebitda = rev - c['cogs'] - c['opex'] - c['marketing']; ebit = ebitda - c['da']; ni = ebit - c['interest'] - c['tax']
    print(month, 'revenue', rev, 'ebitda', ebitda, 'ebit', ebit, 'net', ni, 'opex+mkt', c['opex'] + c['marketing'], {k: str(v) for k, v in c.items()})
