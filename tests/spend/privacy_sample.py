"""Hand-labelled supplier names from three real council files, for measuring public-mode privacy.

Each row: (council, who, label, source, note). `who` is an organisation's name as the file writes
it, or "#" + the first 16 hex digits of the SHA-256 of the exact name (UTF-8) for a private person
or a payee that might be one: no private individual's name is written into the repository.

Labels:
- PERSON: a private person or sole trader. Must be withheld on every row.
- ORG: an organisation with positive evidence in its name (a legal form, public-body or institution
  word), in its file (a company/charity number, a purpose only organisations are paid) or in the
  bundled registers. Must be shown.
- UNVERIFIED: possibly an organisation, but the only reason to show it would be a guess (no form
  word, no number, no register match; or a forename opens the name). Must be withheld.
- SENSITIVE: every row has a purpose about a client (personal budget, section 17…). Withheld.

Sources: "picked" (people picked by reading every distinct name, and large payees, issue #13),
"random" (40 distinct names per council, pandas .sample(40, random_state=13) of the sorted distinct
names, each labelled by hand), "issue" (named in the #13 follow-up), "found" (met while fixing it).
Files: Trafford 2024-25 (the ZIP), Manchester and Calderdale 2021-22 (twelve monthly CSVs each).
"""

from __future__ import annotations

import hashlib

PERSON, ORG, UNVERIFIED, SENSITIVE = "PERSON", "ORG", "UNVERIFIED", "SENSITIVE"


def name_hash(name: str) -> str:
    """'#' + 16 hex digits of SHA-256: how this table writes a name it must not spell out."""
    return "#" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


SAMPLE: tuple[tuple[str, str, str, str, str], ...] = (
    ('trafford', '#76a268b3e9a67a79', PERSON, 'picked', ''),
    ('trafford', '#6f75118e1eefbd16', PERSON, 'picked', ''),
    ('trafford', '#a021f01937320aee', PERSON, 'picked', ''),
    ('trafford', '#6e157fc20f19da52', PERSON, 'picked', ''),
    ('trafford', '#3dbc345b48c37b33', PERSON, 'picked', ''),
    ('trafford', '#880219c19d1bf16d', PERSON, 'picked', ''),
    ('trafford', '#f783e3a8f0810e0a', PERSON, 'picked', ''),
    ('trafford', '#8b8be18ef5fd1122', PERSON, 'picked', ''),
    ('trafford', '#8ae341a892c72254', PERSON, 'picked', ''),
    ('trafford', '#3f2eb1fc5d172825', PERSON, 'picked', ''),
    ('trafford', '#c031bc9ac0cc27f9', PERSON, 'picked', ''),
    ('trafford', '#68dca2051f690ac9', PERSON, 'picked', ''),
    ('trafford', '#3964a13375223a99', PERSON, 'picked', ''),
    ('trafford', '#f8e3de1d991719f4', PERSON, 'picked', ''),
    ('trafford', '#9160dde457466f72', PERSON, 'picked', ''),
    ('trafford', '#3200383c72443264', PERSON, 'picked', ''),
    ('trafford', '#9aa3f8278379581d', PERSON, 'picked', ''),
    ('trafford', '#55f6347ece860b23', PERSON, 'picked', ''),
    ('trafford', '#7e698283c43ca0f5', PERSON, 'picked', ''),
    ('trafford', '#4bc3626a2930536f', PERSON, 'picked', ''),
    ('trafford', '#03558902eee59aac', PERSON, 'picked', ''),
    ('trafford', '#7dfc6fad7d060382', PERSON, 'picked', ''),
    ('trafford', '#8ff5299ee356d01a', PERSON, 'picked', ''),
    ('trafford', '#409f0016d1929c20', PERSON, 'picked', ''),
    ('trafford', '#765bfffb43d3ea02', PERSON, 'picked', ''),
    ('trafford', '#ce340bf93b5cfe38', PERSON, 'picked', ''),
    ('trafford', '#deb56c7e79e533fc', PERSON, 'picked', ''),
    ('trafford', '#7372f9127d2ebada', PERSON, 'picked', ''),
    ('trafford', '#705b8cb9b3c85405', PERSON, 'picked', ''),
    ('trafford', '#09f5360605b6e806', PERSON, 'picked', ''),
    ('trafford', '#9a326c2fcd3fb11e', PERSON, 'picked', ''),
    ('trafford', '#fc69ec5b2f309c4a', PERSON, 'picked', ''),
    ('trafford', '#06c8de6f15d71667', PERSON, 'picked', ''),
    ('trafford', '#85e57e360fa4da42', PERSON, 'picked', ''),
    ('manchester', '#df3caad6abb2197d', PERSON, 'picked', ''),
    ('manchester', '#6a6d8e937405ecde', PERSON, 'picked', ''),
    ('manchester', '#1a9c59c3b041567b', PERSON, 'picked', ''),
    ('manchester', '#144ad4a1b50ed06a', PERSON, 'picked', ''),
    ('manchester', '#11b7157270c64d15', PERSON, 'picked', ''),
    ('manchester', '#9918701801aa05dc', PERSON, 'picked', ''),
    ('manchester', '#08e64f317bf29edc', PERSON, 'picked', ''),
    ('manchester', '#42f24f6fad3d6bd5', PERSON, 'picked', ''),
    ('manchester', '#1b31c52554cb4749', PERSON, 'picked', ''),
    ('manchester', '#6ccaf08624e6fe4b', PERSON, 'picked', ''),
    ('manchester', '#8df59f0363bc0226', PERSON, 'picked', ''),
    ('manchester', '#15d23f44f0cfb803', PERSON, 'picked', ''),
    ('manchester', '#486e1341538a3652', PERSON, 'picked', ''),
    ('manchester', '#7a70a01b891b0a2f', PERSON, 'picked', ''),
    ('manchester', '#0d1d58d398c6cd2a', PERSON, 'picked', ''),
    ('manchester', '#e3892d6cbcb4deee', PERSON, 'picked', ''),
    ('manchester', '#d1a8727a1579ac55', PERSON, 'picked', ''),
    ('manchester', '#c8b68c1d28b35499', PERSON, 'picked', ''),
    ('manchester', '#cb1f731e53f338ea', PERSON, 'picked', ''),
    ('manchester', '#80701e490a423f74', PERSON, 'picked', ''),
    ('manchester', '#54fd9b1bacac93cf', PERSON, 'picked', ''),
    ('manchester', '#8ca7bc9edd9eee44', PERSON, 'picked', ''),
    ('manchester', '#c719eff03f943662', PERSON, 'picked', ''),
    ('manchester', '#9daa9c1606798bc3', PERSON, 'picked', ''),
    ('manchester', '#38ca197fcaf5ac20', PERSON, 'picked', ''),
    ('manchester', '#26dd3757770b2425', PERSON, 'picked', ''),
    ('manchester', '#b026d77811dc2f48', PERSON, 'picked', ''),
    ('calderdale', '#7aeba844b9d1a42a', PERSON, 'picked', ''),
    ('calderdale', '#4b8f07953c9d9013', PERSON, 'picked', ''),
    ('calderdale', '#249c29c84328c47c', PERSON, 'picked', ''),
    ('calderdale', '#82d4bae03108495c', PERSON, 'picked', ''),
    ('calderdale', '#e0436e0c18adbaab', PERSON, 'picked', ''),
    ('calderdale', '#b235a9feb86ec44e', PERSON, 'picked', ''),
    ('calderdale', '#32f8e3ef5d28eee4', PERSON, 'picked', ''),
    ('calderdale', '#4a3bd8dcbd8fc444', PERSON, 'picked', ''),
    ('calderdale', '#48832875baf85da0', PERSON, 'picked', ''),
    ('calderdale', '#23f28a8f6ff32d10', PERSON, 'picked', ''),
    ('calderdale', '#4342d608219a1853', PERSON, 'picked', ''),
    ('calderdale', '#62537bc8e8292a52', PERSON, 'picked', ''),
    ('calderdale', '#1f27ae424cac29c1', PERSON, 'picked', ''),
    ('calderdale', '#ffd8713379152d43', PERSON, 'picked', ''),
    ('calderdale', '#7270502c6ad89dd8', PERSON, 'picked', ''),
    ('calderdale', '#e025daa54bfe5735', PERSON, 'picked', ''),
    ('calderdale', '#4fee138cd3a7b20e', PERSON, 'picked', ''),
    ('calderdale', '#232cf55a4607608e', PERSON, 'picked', ''),
    ('calderdale', '#d3b6e261706f3544', PERSON, 'picked', ''),
    ('calderdale', '#885e46df77bbe948', PERSON, 'picked', ''),
    ('calderdale', '#2556c00165737840', PERSON, 'picked', ''),
    ('calderdale', '#206d246d32711edc', PERSON, 'picked', ''),
    ('calderdale', '#d49d125ec5ee936a', PERSON, 'picked', ''),
    ('calderdale', '#6297a761d9315844', PERSON, 'picked', ''),
    ('calderdale', '#d9ac92a24c30d206', PERSON, 'picked', ''),
    ('calderdale', '#ec972848bc2a6ab8', PERSON, 'picked', ''),
    ('calderdale', '#ef5705ce79a9732b', PERSON, 'picked', ''),
    ('calderdale', '#71822149d07a67eb', PERSON, 'picked', ''),
    ('calderdale', '#e646eb5598397647', PERSON, 'picked', ''),
    ('calderdale', '#946990638bda400a', PERSON, 'picked', ''),
    ('calderdale', '#96fc2ad8b00d475c', PERSON, 'picked', ''),
    ('calderdale', '#11f2faa219a8f8c6', PERSON, 'picked', ''),
    ('trafford', 'Absolute Care at Home Ltd', ORG, 'picked', ''),
    ('trafford', 'Delta Care Ltd', ORG, 'picked', ''),
    ('trafford', 'British Gas', ORG, 'picked', ''),
    ('trafford', 'HMRC', ORG, 'picked', ''),
    ('trafford', 'Manchester City Council', ORG, 'picked', ''),
    ('trafford', 'Bolton NHS Foundation Trust', ORG, 'picked', ''),
    ('trafford', 'University of Manchester', ORG, 'picked', ''),
    ('trafford', 'The Trafford College Group', ORG, 'picked', ''),
    ('trafford', 'Cabinet Office', ORG, 'picked', ''),
    ('trafford', 'Environment Agency', ORG, 'picked', ''),
    ('manchester', 'Npower', ORG, 'picked', ''),
    ('manchester', 'Manchester Metropolitan University', ORG, 'picked', ''),
    ('manchester', 'Greater Manchester Police', ORG, 'picked', ''),
    ('manchester', 'Transport for Greater Manchester', ORG, 'picked', ''),
    ('manchester', 'Department For Work & Pensions', ORG, 'picked', ''),
    ('manchester', 'Royal Mail', ORG, 'picked', ''),
    ('manchester', 'Salford City Council', ORG, 'picked', ''),
    ('manchester', 'GMCA', ORG, 'picked', ''),
    ('manchester', 'Central Mcr Uni Hospital t/a', ORG, 'picked', ''),
    ('manchester', 'DCLG', ORG, 'picked', ''),
    ('manchester', 'Trafford M B C', ORG, 'picked', ''),
    ('manchester', 'Kier Construction North and', ORG, 'picked', ''),
    ('calderdale', 'Calderdale & Huddersfield NHS Foundation Trust', ORG, 'picked', ''),
    ('calderdale', 'Kirklees Council', ORG, 'picked', ''),
    ('calderdale', 'Environment Agency', ORG, 'picked', ''),
    ('calderdale', 'Planning Inspectorate', ORG, 'picked', ''),
    ('calderdale', 'Bradford College', ORG, 'picked', ''),
    ('calderdale', '2 Works TM Ltd', ORG, 'picked', ''),
    ('calderdale', 'Humankind', ORG, 'picked', ''),
    ('calderdale', 'AECOM', ORG, 'picked', ''),
    ('trafford', 'A50 Ltd', ORG, 'random', ''),
    ('trafford', '#7f388f08bcbd508b', UNVERIFIED, 'random', ''),
    ('trafford', '#ad6d9dfa1d73188c', UNVERIFIED, 'random', ''),
    ('trafford', 'Armor Cleaning Ltd', ORG, 'random', ''),
    ('trafford', 'Bright Path Care Ltd', ORG, 'random', ''),
    ('trafford', 'Broussa Day Nursery Ltd', ORG, 'random', ''),
    ('trafford', 'Bureau Veritas UK Ltd', ORG, 'random', ''),
    ('trafford', 'Cucumber Recruitment Ltd', ORG, 'random', ''),
    ('trafford', 'DWP Debt Management', ORG, 'random', ''),
    ('trafford', 'Dave Draws Ltd', ORG, 'random', ''),
    ('trafford', 'Dean Health LTD', ORG, 'random', ''),
    ('trafford', 'Dotted Eyes Ltd T/A MISO', ORG, 'random', ''),
    ('trafford', '#08ece782a3f4f933', PERSON, 'random', ''),
    ('trafford', 'Farrington Care Homes Ltd', ORG, 'random', ''),
    ('trafford', 'Global Make-Up Hair Prod Acad Ltd', ORG, 'random', ''),
    ('trafford', 'Greater Manchester Mental Health NH', ORG, 'random', ''),
    ('trafford', 'Harry & Partners Ltd', ORG, 'random', ''),
    ('trafford', 'Homeground Management Limited', ORG, 'random', ''),
    ('trafford', 'Impression (Bolton) Ltd', ORG, 'random', ''),
    ('trafford', 'Keane Futures Ltd', ORG, 'random', ''),
    ('trafford', 'Living and Letting Limited', ORG, 'random', ''),
    ('trafford', '#c681e6e1cb2455ba', UNVERIFIED, 'random', ''),
    ('trafford', 'Mable Therapy Ltd', ORG, 'random', ''),
    ('trafford', 'Martin & Co Solicitors', ORG, 'random', ''),
    ('trafford', 'National Housing Svcs Central Ltd', ORG, 'random', ''),
    ('trafford', '#8534ec85e40e0247', PERSON, 'random', ''),
    ('trafford', 'Reach Publishing Services Ltd', ORG, 'random', ''),
    ('trafford', 'Restore Plc', ORG, 'random', ''),
    ('trafford', 'Rite Directions Ltd', ORG, 'random', ''),
    ('trafford', 'SECUREmedia Ltd', ORG, 'random', ''),
    ('trafford', 'Short Ground Limited', ORG, 'random', ''),
    ('trafford', 'Social Business International Ltd', ORG, 'random', ''),
    ('trafford', '#fb16ffd3a67073ed', UNVERIFIED, 'random', ''),
    ('trafford', '#38809948dab3f4e4', SENSITIVE, 'random', ''),
    ('trafford', '#8976cea41ff21e62', UNVERIFIED, 'random', ''),
    ('trafford', 'ViMar Solutions Ltd', ORG, 'random', ''),
    ('trafford', 'Westbourne Pharmacy Ltd', ORG, 'random', ''),
    ('trafford', 'Wilmslow High School', ORG, 'random', ''),
    ('trafford', 'Yorkshire Purchasing Organisation', UNVERIFIED, 'random', ''),
    ('manchester', 'Ascot Wholesale Ltd', ORG, 'random', ''),
    ('manchester', 'BIGDUG Ltd', ORG, 'random', ''),
    ('manchester', 'Britannia Minibuses Ltd', ORG, 'random', ''),
    ('manchester', 'Bt Payphones', UNVERIFIED, 'random', ''),
    ('manchester', '#f398405e3addc3ec', UNVERIFIED, 'random', ''),
    ('manchester', 'CIPFA Business Ltd', ORG, 'random', ''),
    ('manchester', 'CURRYS ONLINE', ORG, 'random', ''),
    ('manchester', 'Carlton Social and Bowling Club C.I', ORG, 'random', ''),
    ('manchester', 'Child Action Northwest', UNVERIFIED, 'random', ''),
    ('manchester', 'Child Poverty Action Group', ORG, 'random', ''),
    ('manchester', 'Clear Law Solicitors', ORG, 'random', ''),
    ('manchester', 'Commonplace Digital Ltd', ORG, 'random', ''),
    ('manchester', 'Delamere School', ORG, 'random', ''),
    ('manchester', '#4f58fac874812875', UNVERIFIED, 'random', ''),
    ('manchester', '#621e569de5735c6d', UNVERIFIED, 'random', ''),
    ('manchester', 'Fresh Produce Consortium ( UK )', ORG, 'random', ''),
    ('manchester', 'Greater M/cr Tree Station Limited', ORG, 'random', ''),
    ('manchester', 'HEATON SQUARE LTD', ORG, 'random', ''),
    ('manchester', 'HENDHAM HOTELS LIMITED', ORG, 'random', ''),
    ('manchester', 'HOLBORN CHAMBERS', ORG, 'random', ''),
    ('manchester', 'ICOM UK', ORG, 'random', ''),
    ('manchester', 'ISS', UNVERIFIED, 'random', ''),
    ('manchester', '#150f764dc89926fb', UNVERIFIED, 'random', ''),
    ('manchester', 'Loreto College', ORG, 'random', ''),
    ('manchester', 'Marston Group Limited', ORG, 'random', ''),
    ('manchester', 'National Offender Mgt Services', ORG, 'random', ''),
    ('manchester', 'Oakleaf Surveying Limited', ORG, 'random', ''),
    ('manchester', 'Oswald Road Primary School', ORG, 'random', ''),
    ('manchester', '#07f043a67e7abac9', UNVERIFIED, 'random', ''),
    ('manchester', 'Priory & Needham Avenue', ORG, 'random', ''),
    ('manchester', 'Prof A & Dr K Mehta Ltd', ORG, 'random', ''),
    ('manchester', 'SOLON SECURITY LTD', ORG, 'random', ''),
    ('manchester', 'Scan Mobility Ltd', ORG, 'random', ''),
    ('manchester', 'The Chartered Institute', ORG, 'random', ''),
    ('manchester', '#a3e87687b298e8b5', UNVERIFIED, 'random', ''),
    ('manchester', 'Xerox Finance Ltd', ORG, 'random', ''),
    ('manchester', 'Youbus Ltd', ORG, 'random', ''),
    ('manchester', 'Yunex Ltd', ORG, 'random', ''),
    ('calderdale', '2021:01LD Learning Disabilities', SENSITIVE, 'random', ''),
    ('calderdale', '2021:04HI Hearing Impairment', SENSITIVE, 'random', ''),
    ('calderdale', '2022:01D  Dementia', SENSITIVE, 'random', ''),
    ('calderdale', '485 Graphics LLP', ORG, 'random', ''),
    ('calderdale', 'Acorn Care & Education Limited re Meadowcroft', ORG, 'random', ''),
    ('calderdale', 'Acumen Waste Services Ltd', ORG, 'random', ''),
    ('calderdale', 'Age Uk Calderdale & Kirklees', ORG, 'random', ''),
    ('calderdale', 'Aldi Stores Ltd', ORG, 'random', ''),
    ('calderdale', '#2224eebfbca251dc', UNVERIFIED, 'random', ''),
    ('calderdale', "Barnardo's Invoiced Income", ORG, 'random', ''),
    ('calderdale', 'Bells Tree Surgery Ltd', ORG, 'random', ''),
    ('calderdale', 'Brownedge St. Marys RC High School', ORG, 'random', ''),
    ('calderdale', '#c2ec622db704832e', UNVERIFIED, 'random', ''),
    ('calderdale', 'CDER Group Limited', ORG, 'random', ''),
    ('calderdale', '#6db9913abdfdd859', UNVERIFIED, 'random', ''),
    ('calderdale', 'Calderdale Theatre School Association', ORG, 'random', ''),
    ('calderdale', '#434022515fa641da', UNVERIFIED, 'random', ''),
    ('calderdale', 'Christians Together Calderdale', UNVERIFIED, 'random', ''),
    ('calderdale', 'Creative Software Solutions (Europe) Ltd', ORG, 'random', ''),
    ('calderdale', 'Curious Motion CIC', ORG, 'random', ''),
    ('calderdale', 'Dawson Plumbing & Heating Ltd', ORG, 'random', ''),
    ('calderdale', 'Dell Computer Corporation Ltd', ORG, 'random', ''),
    ('calderdale', 'Eco Windows', ORG, 'random', ''),
    ('calderdale', 'Edufocus Ltd', ORG, 'random', ''),
    ('calderdale', 'Elland Lockdown Banner Group', ORG, 'random', ''),
    ('calderdale', '#42b2cbc7017842d3', UNVERIFIED, 'random', ''),
    ('calderdale', 'Fiesta Crafts Limited', ORG, 'random', ''),
    ('calderdale', 'Fosterplus Limited', ORG, 'random', ''),
    ('calderdale', 'HMRC Shipley Office', ORG, 'random', ''),
    ('calderdale', 'Handmade Parade CIC', ORG, 'random', ''),
    ('calderdale', '#8d9581f840b4ecdf', PERSON, 'random', ''),
    ('calderdale', 'Heptonstall Social & Bowling Club', ORG, 'random', ''),
    ('calderdale', 'Hollybank Trust Ltd', ORG, 'random', ''),
    ('calderdale', 'Incredible Farm CBS Ltd', ORG, 'random', ''),
    ('calderdale', 'Intelligent Vending Ltd', ORG, 'random', ''),
    ('calderdale', 'Inventry Limited', ORG, 'random', ''),
    ('calderdale', 'Lee Mount Health Care Ltd', ORG, 'random', ''),
    ('calderdale', 'Mustard & - CIC', ORG, 'random', ''),
    ('calderdale', 'Mytholmroyd Flood Wardens', UNVERIFIED, 'random', ''),
    ('trafford', 'The Orchards', ORG, 'issue', 'a special school: SCHOOL BUDGET SHARE on 14 of its 15 rows'),
    ('trafford', 'Imagine Act and Succeed (IAS)', UNVERIFIED, 'issue', 'no form word, no number in the file, no match in the bundled register sample'),
    ('trafford', 'Flixton Girls Sch Vantage Acad Tr', ORG, 'found', 'SCHOOL BUDGET SHARE on 12 of its 24 rows'),
    ('trafford', 'Our Lady Of Lourdes Catholic Prim S', ORG, 'found', '"Our Lady" is a dedication, not a title'),
    ('trafford', 'Our Lady of the Rosary RC Primary', ORG, 'found', '"Our Lady" is a dedication, not a title'),
    ('manchester', 'Victoria Warehouse Hotel', UNVERIFIED, 'found', 'a forename first: the person veto withholds it'),
    ('manchester', 'Lincoln House Chambers', UNVERIFIED, 'found', 'a forename first: the person veto withholds it'),
)  # fmt: skip


def resolve(council: str, names) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(label, name, who) for each sample row of `council` found among `names`; and the `who`s not found."""
    by_hash = {name_hash(n): n for n in names}
    present = set(names)
    found, missing = [], []
    for c, who, label, _source, _note in SAMPLE:
        if c != council:
            continue
        name = by_hash.get(who) if who.startswith("#") else (who if who in present else None)
        if name is None:
            missing.append(who)
        else:
            found.append((label, name, who))
    return found, missing


def measure(council: str, frame, public, public_text: str) -> dict[str, object]:
    """The sample's counts on one council: what was withheld and shown, against the labels.

    A person counts as withheld only if none of their rows shows the name and the name occurs
    nowhere in `public_text` (every cell and header of the public table).
    """
    names = frame["supplier_name"].astype("object")
    shown_names = set(public.loc[~public["redacted"], "supplier_name"].dropna())
    found, missing = resolve(council, set(names.dropna()))
    out: dict[str, object] = {"missing": missing}
    for label in (PERSON, ORG, UNVERIFIED, SENSITIVE):
        rows = [(n, w) for lab, n, w in found if lab == label]
        if label == ORG:
            wrong = [n for n, _ in rows if n not in shown_names]
            out["orgs"], out["orgs_shown"], out["orgs_withheld"] = (
                len(rows),
                len(rows) - len(wrong),
                wrong,
            )
            continue
        leaked = [w for n, w in rows if n in shown_names or (label == PERSON and n in public_text)]
        out[label.lower()] = len(rows)
        out[f"{label.lower()}_withheld"] = len(rows) - len(leaked)
        out[f"{label.lower()}_leaked"] = (
            leaked  # hashes or organisation names, never a person's name
        )
    return out
