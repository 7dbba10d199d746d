# Writes fixtures/saf-t/tripletex-style/company.xml: a SAF-T Financial v1.30 file shaped like Tripletex's export
# (default namespace, GroupingCategory/GroupingCode, BalanceAccount blocks), Q1 2025.
accounts = [
  ("1230","Biler","balanseverdiForAnleggsmiddel","1230","50000.00","49000.00"),
  ("1500","Kundefordringer","balanseverdiForOmloepsmiddel","1500","20000.00","185500.00"),
  ("1920","Bankinnskudd","balanseverdiForOmloepsmiddel","1920","150000.00","116611.25"),
  ("2400","Leverandørgjeld","kortsiktigGjeld","2400","-5000.00","-22500.75"),
  ("2500","Betalbar skatt","kortsiktigGjeld","2500","0","-2000.00"),
  ("2700","Utgående merverdiavgift","kortsiktigGjeld","2700","0","-32500.00"),
  ("3000","Salgsinntekt, avgiftspliktig","salgsinntekt","3000",None,None),
  ("3010","Salgsinntekt konsulent","salgsinntekt","3000",None,None),
  ("3100","Salgsinntekt, avgiftsfri","salgsinntekt","3100",None,None),
  ("4300","Innkjøp av varer for videresalg","varekostnad","4005",None,None),
  ("5000","Lønn til ansatte","loennskostnad","5000",None,None),
  ("5400","Arbeidsgiveravgift","loennskostnad","5400",None,None),
  ("6010","Avskrivning på transportmidler","annenDriftskostnad","6000",None,None),
  ("6300","Leie lokale","annenDriftskostnad","6300",None,None),
  ("7320","Reklamekostnad","annenDriftskostnad","7320",None,None),
  ("8050","Renteinntekt bankinnskudd","finansinntekt","8050",None,None),
  ("8150","Rentekostnad","finanskostnad","8150",None,None),
  ("8300","Betalbar skatt","skattekostnad","8300",None,None),
  ("9999","Kontorrekvisita (eget kontonummer)","annenDriftskostnad","6800",None,None),
]
# (id, date, description, [(account, 'D'|'C', amount, customer, supplier, dept, project)])
L = lambda a, s, x, c=None, su=None, d=None, p=None: (a, s, x, c, su, d, p)
txs = [
 ("1001","2025-01-10","Faktura 1001 Kunde Nord AS",[L("1500","D","50000.00","K1"),L("3000","C","40000.00","K1"),L("2700","C","10000.00")]),
 ("1002","2025-01-15","Faktura 1002 Fjord Handel AS",[L("1500","D","4000.00","K2"),L("3100","C","4000.00","K2")]),
 ("1003","2025-01-20","Varekjøp Grossisten AS",[L("4300","D","6000.00",su="L1"),L("2400","C","6000.00",su="L1")]),
 ("1004","2025-01-25","Lønn januar",[L("5000","D","8000.00",d="10"),L("5400","D","1128.00",d="10"),L("1920","C","9128.00")]),
 ("1005","2025-01-31","Husleie januar",[L("6300","D","3000.00",d="20"),L("1920","C","3000.00")]),
 ("1006","2025-01-31","Avskrivning bil",[L("6010","D","500.00"),L("1230","C","500.00")]),
 ("1007","2025-02-05","Faktura 1007 Kunde Nord AS",[L("1500","D","75000.00","K1"),L("3000","C","60000.00","K1",p="P100"),L("2700","C","15000.00")]),
 ("1008","2025-02-10","Kreditnota 1008 Fjord Handel AS",[L("3100","D","1000.00","K2"),L("1500","C","1000.00","K2")]),
 ("1009","2025-02-14","Annonse",[L("7320","D","2000.00",d="10"),L("1920","C","2000.00")]),
 ("1010","2025-02-20","Varekjøp Grossisten AS",[L("4300","D","9000.00",su="L1"),L("2400","C","9000.00",su="L1")]),
 ("1011","2025-02-25","Lønn februar",[L("5000","D","8000.00",d="10"),L("5400","D","1128.00",d="10"),L("1920","C","9128.00")]),
 ("1012","2025-02-28","Renter lån",[L("8150","D","300.00"),L("1920","C","300.00")]),
 ("1013","2025-02-28","Renteinntekt bank",[L("1920","D","45.50"),L("8050","C","45.50")]),
 ("1014","2025-02-28","Kontorrekvisita",[L("9999","D","750.25"),L("1920","C","750.25")]),
 ("1015","2025-03-03","Faktura 1015 Kunde Nord AS",[L("1500","D","37500.00","K1"),L("3010","C","30000.00","K1",p="P100"),L("2700","C","7500.00")]),
 ("1016","2025-03-15","Varekjøp Grossisten AS",[L("4300","D","2500.75",su="L1"),L("2400","C","2500.75",su="L1")]),
 ("1017","2025-03-25","Lønn mars",[L("5000","D","8000.00",d="10"),L("5400","D","1128.00",d="10"),L("1920","C","9128.00")]),
 ("1018","2025-03-31","Avskrivning bil",[L("6010","D","500.00"),L("1230","C","500.00")]),
 ("1019","2025-03-31","Skattekostnad",[L("8300","D","2000.00"),L("2500","C","2000.00")]),
]
from decimal import Decimal
td = sum(Decimal(x) for _,_,_,ls in txs for (_,s,x,*_) in ls if s=="D")
tc = sum(Decimal(x) for _,_,_,ls in txs for (_,s,x,*_) in ls if s=="C")
assert td == tc, (td, tc)
o = []
w = o.append
w('<?xml version="1.0" encoding="UTF-8"?>')
w('<AuditFile xmlns="urn:StandardAuditFile-Taxation-Financial:NO" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">')
w('  <Header>\n    <AuditFileVersion>1.30</AuditFileVersion>\n    <AuditFileCountry>NO</AuditFileCountry>\n    <AuditFileDateCreated>2025-04-02</AuditFileDateCreated>')
w('    <SoftwareCompanyName>Tripletex AS</SoftwareCompanyName>\n    <SoftwareID>Tripletex</SoftwareID>\n    <SoftwareVersion>2025.3</SoftwareVersion>')
w('    <Company>\n      <RegistrationNumber>912345678</RegistrationNumber>\n      <Name>Fjellbekk Konsult AS</Name>\n    </Company>')
w('    <DefaultCurrencyCode>NOK</DefaultCurrencyCode>')
w('    <SelectionCriteria>\n      <SelectionStartDate>2025-01-01</SelectionStartDate>\n      <SelectionEndDate>2025-03-31</SelectionEndDate>\n    </SelectionCriteria>')
w('    <TaxAccountingBasis>A</TaxAccountingBasis>\n  </Header>')
w('  <MasterFiles>\n    <GeneralLedgerAccounts>')
def bal(kind, v):
    if v is None: return ''
    d = Decimal(v)
    side = 'Debit' if d >= 0 else 'Credit'
    return f'      <{kind}{side}Balance>{abs(d):.2f}</{kind}{side}Balance>\n'
for a,name,gc,code,ob,cb in accounts:
    w(f'      <Account>\n        <AccountID>{a}</AccountID>\n        <AccountDescription>{name}</AccountDescription>\n        <GroupingCategory>{gc}</GroupingCategory>\n        <GroupingCode>{code}</GroupingCode>\n        <AccountType>GL</AccountType>\n' + (bal('Opening', ob) or '        <OpeningDebitBalance>0</OpeningDebitBalance>\n').replace('      <','        <') + (bal('Closing', cb) or '        <ClosingDebitBalance>0</ClosingDebitBalance>\n').replace('      <','        <') + '      </Account>')
w('    </GeneralLedgerAccounts>\n    <Customers>')
for cid,name,ob,cb in [("K1","Kunde Nord AS","15000.00","177500.00"),("K2","Fjord Handel AS","5000.00","8000.00")]:
    w(f'      <Customer>\n        <RegistrationNumber>98765432{cid[-1]}</RegistrationNumber>\n        <Name>{name}</Name>\n        <CustomerID>{cid}</CustomerID>\n        <BalanceAccount>\n          <AccountID>1500</AccountID>\n          <OpeningDebitBalance>{ob}</OpeningDebitBalance>\n          <ClosingDebitBalance>{cb}</ClosingDebitBalance>\n        </BalanceAccount>\n      </Customer>')
w('    </Customers>\n    <Suppliers>')
w('      <Supplier>\n        <Name>Grossisten AS</Name>\n        <SupplierID>L1</SupplierID>\n        <BalanceAccount>\n          <AccountID>2400</AccountID>\n          <OpeningCreditBalance>5000.00</OpeningCreditBalance>\n          <ClosingCreditBalance>22500.75</ClosingCreditBalance>\n        </BalanceAccount>\n      </Supplier>')
w('    </Suppliers>\n    <AnalysisTypeTable>')
for t,td_,aid,ad in [("A","Avdeling","10","Salg"),("A","Avdeling","20","Administrasjon"),("P","Prosjekt","P100","Kunde Nord rammeavtale")]:
    w(f'      <AnalysisTypeTableEntry>\n        <AnalysisType>{t}</AnalysisType>\n        <AnalysisTypeDescription>{td_}</AnalysisTypeDescription>\n        <AnalysisID>{aid}</AnalysisID>\n        <AnalysisIDDescription>{ad}</AnalysisIDDescription>\n      </AnalysisTypeTableEntry>')
w('    </AnalysisTypeTable>\n  </MasterFiles>')
w(f'  <GeneralLedgerEntries>\n    <NumberOfEntries>{len(txs)}</NumberOfEntries>\n    <TotalDebit>{td:.2f}</TotalDebit>\n    <TotalCredit>{tc:.2f}</TotalCredit>')
w('    <Journal>\n      <JournalID>GL</JournalID>\n      <Description>Hovedbok</Description>\n      <Type>GL</Type>')
for tid,date,desc,ls in txs:
    per = int(date[5:7])
    w(f'      <Transaction>\n        <TransactionID>{tid}</TransactionID>\n        <Period>{per}</Period>\n        <PeriodYear>2025</PeriodYear>\n        <TransactionDate>{date}</TransactionDate>\n        <Description>{desc}</Description>\n        <SystemEntryDate>{date}</SystemEntryDate>\n        <GLPostingDate>{date}</GLPostingDate>')
    for i,(a,s,x,c,su,d,p) in enumerate(ls, 1):
        parts = [f'        <Line>\n          <RecordID>{i}</RecordID>\n          <AccountID>{a}</AccountID>']
        for typ,val in (("A",d),("P",p)):
            if val: parts.append(f'          <Analysis>\n            <AnalysisType>{typ}</AnalysisType>\n            <AnalysisID>{val}</AnalysisID>\n          </Analysis>')
        if c: parts.append(f'          <CustomerID>{c}</CustomerID>')
        if su: parts.append(f'          <SupplierID>{su}</SupplierID>')
        parts.append(f'          <Description>{desc}</Description>')
        side = 'DebitAmount' if s == 'D' else 'CreditAmount'
        parts.append(f'          <{side}>\n            <Amount>{x}</Amount>\n          </{side}>\n        </Line>')
        w('\n'.join(parts))
    w('      </Transaction>')
w('    </Journal>\n  </GeneralLedgerEntries>\n</AuditFile>')
import sys
open(sys.argv[1],'w').write('\n'.join(o)+'\n')
print(td, tc)
