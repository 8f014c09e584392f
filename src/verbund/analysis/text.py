"""Competence texts → TF-IDF vectors (scikit-learn) with German and English stop words.

The stop-word lists are written here because scikit-learn ships English only and a runtime
download (NLTK, spaCy models) is not allowed; they hold function words plus words every company
profile uses ("GmbH", "Dienstleistungen", "services") that say nothing about competence.
"""

from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp

GERMAN_STOP_WORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
    anderm andern anders auch auf aus bei beim bin bis bist da damit dann das dass dasselbe dazu
    dein deine deinem deinen deiner dem den denn der derer des dessen dich die dies diese diesem
    diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einig einige
    einigem einigen einiger einiges einmal er es etwas euch euer eure eurem euren eurer für gegen
    gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren
    ihrer ihres im in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt
    kann kein keine keinem keinen keiner keines können könnte machen man manche manchem manchen
    mancher manches mein meine meinem meinen meiner meines mit muss musste nach nicht nichts noch
    nun nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie sind so solche
    solchem solchen solcher solches soll sollte sondern sonst über um und uns unser unsere unserem
    unseren unserer unseres unter viel vom von vor während war waren warst was weg weil weiter
    welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo
    wollen wollte würde würden zu zum zur zwar zwischen sowie bzw ca etc inkl u.a. z.b.
    gmbh mbh ag kg ohg ug gbr ek e.k. co firma unternehmen betrieb dienstleistung dienstleistungen
    leistungen service services angebot anbieter bereich bereiche kunden lösungen produkte
    """.split()
)

ENGLISH_STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its itself
    just me more most my myself no nor not now of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves
    ltd inc llc company companies solutions products services service provider customers offer
    """.split()
)

STOP_WORDS = sorted(GERMAN_STOP_WORDS | ENGLISH_STOP_WORDS)
_TOKEN = r"(?u)\b[^\W\d_]{3,}\b"


def tfidf_matrix(texts, *, min_df: int = 1, max_features: int = 50_000):
    """L2-normalised TF-IDF rows (CSR) and the fitted vectoriser; empty texts give zero rows.

    Word unigrams and bigrams after lower-casing; so cosine similarity is a row dot product.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = ["" if t is None else re.sub(r"[/_\-]+", " ", str(t)) for t in texts]
    if not any(d.strip() for d in docs):
        return sp.csr_matrix((len(docs), 0)), None
    vec = TfidfVectorizer(
        lowercase=True,
        stop_words=STOP_WORDS,
        token_pattern=_TOKEN,
        ngram_range=(1, 2),
        min_df=min_df,
        max_features=max_features,
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        x = vec.fit_transform(docs)
    except ValueError:  # every word was a stop word
        return sp.csr_matrix((len(docs), 0)), None
    return x.tocsr(), vec


def pair_similarity(x: sp.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 200_000):
    """Cosine similarity for index pairs (rows already L2-normalised), chunked sparse products."""
    out = np.zeros(len(i), dtype=float)
    if x.shape[1] == 0 or len(i) == 0:
        return out
    for s in range(0, len(i), chunk):
        a = x[i[s : s + chunk]]
        b = x[j[s : s + chunk]]
        out[s : s + chunk] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


def top_terms(x: sp.csr_matrix, vectoriser, rows: np.ndarray, n: int = 5) -> list[str]:
    """Terms with the largest summed TF-IDF over ``rows`` that occur in at least two of them."""
    if vectoriser is None or x.shape[1] == 0 or len(rows) == 0:
        return []
    sub = x[rows]
    weight = np.asarray(sub.sum(axis=0)).ravel()
    docfreq = np.diff(sub.tocsc().indptr)
    weight[docfreq < min(2, len(rows))] = 0
    idx = np.argsort(-weight)[:n]
    names = vectoriser.get_feature_names_out()
    return [str(names[k]) for k in idx if weight[k] > 0]
