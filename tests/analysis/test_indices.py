"""Hand-computed small cases for every index; the expected numbers are worked out in comments."""

import numpy as np
import pandas as pd
import pytest

from verbund.analysis import (
    StarThresholds,
    binary_presence,
    categorise,
    colocation_quotient,
    diversity,
    entropy,
    getis_ord_gi_star,
    gi_star,
    herfindahl,
    hoover_index,
    krugman_index,
    local_moran,
    location_quotient,
    locational_gini,
    normalise_wz,
    proximity,
    relatedness,
    relatedness_density,
    star_ratings,
    strong_clusters,
    ubiquity,
)
from verbund.analysis.specialisation import count_matrix

pytestmark = pytest.mark.unit

# 2 units × 3 industries; row totals 20, 40; column totals 10, 20, 30; total 60
X = np.array([[10.0, 0.0, 10.0], [0.0, 20.0, 20.0]])


def test_location_quotient_against_own_totals():
    # unit 1 shares (.5, 0, .5) over city shares (1/6, 1/3, 1/2) → (3, 0, 1)
    np.testing.assert_allclose(location_quotient(X), [[3, 0, 1], [0, 1.5, 1]])


def test_location_quotient_against_imported_reference():
    # reference shares (.25, .25, .5) → unit 1 (2, 0, 1), unit 2 (0, 2, 1)
    np.testing.assert_allclose(location_quotient(X, np.array([1, 1, 2])), [[2, 0, 1], [0, 2, 1]])


def test_presence_diversity_ubiquity():
    m = binary_presence(X)
    np.testing.assert_array_equal(m, [[1, 0, 1], [0, 1, 1]])
    np.testing.assert_array_equal(diversity(m), [2, 2])
    np.testing.assert_array_equal(ubiquity(m), [1, 1, 2])


def test_krugman_herfindahl_entropy():
    # Krugman unit 1: |.5-1/6| + |0-1/3| + |.5-.5| = 2/3 ; unit 2: 1/6 + 1/6 = 1/3
    np.testing.assert_allclose(krugman_index(X), [2 / 3, 1 / 3])
    np.testing.assert_allclose(herfindahl(X), [0.5, 0.5])  # .25 + .25
    np.testing.assert_allclose(entropy(X), [1.0, 1.0])  # two equal shares = 1 bit
    np.testing.assert_allclose(entropy(np.array([[1.0, 1, 1, 1]])), [2.0])


def test_hoover_index():
    # shares (.25, .75) against population (.5, .5): ½ (.25 + .25) = .25
    assert hoover_index(np.array([10.0, 30.0]), np.array([50.0, 50.0])) == pytest.approx(0.25)
    # per industry against unit totals (1/3, 2/3): industry 0 all in unit 1 → ½(2/3 + 2/3)
    np.testing.assert_allclose(hoover_index(X, X.sum(axis=1)), [2 / 3, 1 / 3, 0.0])


def test_locational_gini():
    # industry 0: units sorted by LQ (0, 3); X = (2/3, 1), Y = (0, 1):
    # 1 - [(2/3)(0) + (1/3)(1)] = 2/3. Industry 1: X = (1/3, 1), Y = (0, 1): 1 - 2/3 = 1/3.
    # Industry 2 is spread exactly like all activity: 0.
    np.testing.assert_allclose(locational_gini(X), [2 / 3, 1 / 3, 0.0], atol=1e-12)


def test_proximity_and_density_both_conventions():
    m = np.array([[1.0, 0, 1], [0, 1, 1]])
    # C = [[1,0,1],[0,1,1],[1,1,2]], ubiquity (1,1,2): φ01 = 0, φ02 = φ12 = 1/2
    phi = proximity(m)
    np.testing.assert_allclose(phi, [[1, 0, 0.5], [0, 1, 0.5], [0.5, 0.5, 1]])
    # without diagonal: industry 2 in unit 1 = φ20·1 / (φ20 + φ21) = 0.5
    np.testing.assert_allclose(relatedness_density(m, phi), [[1, 1, 0.5], [1, 1, 0.5]])
    # with diagonal (ecomplexity): industry 0 in unit 2 = φ02 / (1 + 0 + .5) = 1/3;
    # industry 2 in unit 1 = (.5 + 1) / 2 = .75
    np.testing.assert_allclose(
        relatedness_density(m, phi, include_diagonal=True),
        [[1, 1 / 3, 0.75], [1 / 3, 1, 0.75]],
    )


C = np.array([[0.0, 2, 1], [2, 0, 3], [1, 3, 0]])  # s = (3, 5, 4), T = 12


@pytest.mark.parametrize(
    ("method", "e01", "e02", "e12"),
    [
        ("association", 2 * 12 / 15, 12 / 12, 3 * 12 / 20),  # c·T / (s_i s_j)
        ("cosine", 2 / np.sqrt(15), 1 / np.sqrt(12), 3 / np.sqrt(20)),
        ("jaccard", 2 / 6, 1 / 6, 3 / 6),  # c / (s_i + s_j - c)
        # prob: 01 → 2 / (6·((3/12)(5/9) + (5/12)(3/7))) = 2 / (40/21) = 1.05
        ("prob", 1.05, 1 / (6 * ((3 / 12) * (4 / 9) + (4 / 12) * (3 / 8))),
         3 / (6 * ((5 / 12) * (4 / 7) + (4 / 12) * (5 / 8)))),
    ],
)  # fmt: skip
def test_econgeo_relatedness(method, e01, e02, e12):
    r = relatedness(C, method)
    assert r[0, 1] == pytest.approx(e01) and r[1, 0] == pytest.approx(e01)
    assert r[0, 2] == pytest.approx(e02)
    assert r[1, 2] == pytest.approx(e12)
    np.testing.assert_array_equal(np.diag(r), 0)


def test_strong_clusters_us_rule():
    # category 0: LQ = (E/100)/(55/400) = (.727, 2.909, .364, 0); comparable units 1-3:
    # P75(LQ) = .727 + .5·(2.909 - .727) = 1.818; P25(E) = 7.5; P25(N) = 1.5 → only unit 2.
    # category 1: every unit LQ 1 and E = 30 = P25 (not above) → none.
    e = np.array([[10.0, 30], [40, 30], [5, 30], [0, 30]])
    n = np.array([[2.0, 3], [8, 3], [1, 3], [0, 3]])
    strong = strong_clusters(e, n, np.array([100.0, 100, 100, 100]))
    np.testing.assert_array_equal(strong, [[False, False], [True, False], [False, False],
                                           [False, False]])  # fmt: skip


def test_strong_clusters_one_category_as_1d_arrays_gives_one_flag_per_unit():
    e = np.array([[10.0, 30], [40, 30], [5, 30], [0, 30]])
    n = np.array([[2.0, 3], [8, 3], [1, 3], [0, 3]])
    t = np.array([100.0, 100, 100, 100])
    both = strong_clusters(e, n, t)
    for k in range(2):  # each column alone, 1-D, agrees with the same column of the 2-D call
        one = strong_clusters(e[:, k], n[:, k], t)
        assert one.shape == (4,)
        np.testing.assert_array_equal(one, both[:, k])
    np.testing.assert_array_equal(strong_clusters(e[:, 0], n[:, 0], t), [False, True, False, False])
    # lists work too, and a single unit is compared with itself only
    assert strong_clusters([5.0], [2.0], [10.0]).tolist() == [False]


def test_strong_clusters_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match="same shape"):
        strong_clusters(np.ones((3, 2)), np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match="one total per unit"):
        strong_clusters(np.ones((3, 2)), np.ones((3, 2)), np.ones(4))


def test_star_ratings_three_criteria():
    # employment: cells (90, 10, 10, 90, 50, 50): P90 = 90 → size star for the 90s;
    # LQ unit A cat x = .9/.5 = 1.8 ≥ 1.5; focus .9 = P90 → three stars for A·x and B·y.
    e = np.array([[90.0, 10], [10, 90], [50, 50]])
    st = star_ratings(e, ["A", "B", "C"], ["x", "y"], thresholds=StarThresholds(0.9, 1.5, 0.9))
    got = {(r.unit, r.category): r.stars for r in st.itertuples()}
    assert got == {("A", "x"): 3, ("B", "y"): 3, ("A", "y"): 0, ("B", "x"): 0, ("C", "x"): 0,
                   ("C", "y"): 0}  # fmt: skip
    assert st.attrs["thresholds"]["size_min"] == 90


LINE = np.array([[0.0, 0], [1, 0], [2, 0], [10, 0]])
VALS = np.array([1.0, 2, 3, 10])  # mean 4, population sd sqrt(12.5)


def test_gi_star_hand_computed():
    # point 0: W = 2 (self, point 1), S = 3 → (3 - 8) / (sqrt(12.5)·sqrt((8 - 4)/3)) = -1.2247449
    # point 1: W = 3, S = 6 → (6 - 12) / sqrt(12.5) = -1.6970563
    # point 2: W = 2 (self, point 1), S = 5 → -3 / (sqrt(12.5)·sqrt(4/3)) = -0.7348469
    # point 3 alone: W = 1, S = 10 → 6 / (sqrt(12.5)·sqrt(3/3)) = +1.6970563
    z = getis_ord_gi_star(LINE, VALS, 1.5)
    np.testing.assert_allclose(z, [-1.2247449, -1.6970563, -0.7348469, 1.6970563], atol=1e-7)


def test_gi_star_employee_weights_and_knn():
    # weights multiply the values: with weights (1,1,1,0.1) point 3 is no longer outstanding
    z = gi_star(LINE, VALS, 1.5, weights=[1, 1, 1, 0.1]).z
    assert z[3] < 0
    # k = 1 nearest: point 3's neighbour is point 2 → W = 2, S = 13 → (13-8)/(s·sqrt(4/3))
    zk = gi_star(LINE, VALS, k=1).z
    assert zk[3] == pytest.approx(5 / (np.sqrt(12.5) * np.sqrt(4 / 3)))


def test_gi_star_permutation_flags_a_real_hotspot():
    rng = np.random.default_rng(0)
    xy = rng.uniform(0, 1000, size=(400, 2))
    v = np.where(np.hypot(*(xy - 500).T) < 120, 10.0, 1.0)
    res = gi_star(xy, v, 100.0, permutations=199, seed=1)
    centre = np.argmin(np.hypot(*(xy - 500).T))
    assert res.z[centre] > 3 and res.p_sim[centre] <= 0.01


def test_local_moran_hand_computed():
    # z = (-3, -2, -1, 6)/σ, σ² = 12.5; lag (row-standardised, no self) = (-2, -2, -2, 0)/σ;
    # I_i = (n-1)/n · z_i·lag_i = .75 · (6, 4, 2, 0)/12.5 = (.36, .24, .12, 0)
    np.testing.assert_allclose(local_moran(LINE, VALS, 1.5), [0.36, 0.24, 0.12, 0.0], atol=1e-12)


def test_colocation_quotient_with_split_ties():
    # A(0,0) has two B at distance 1 → ½ each; B's nearest is A; A(10) ↔ A(11).
    # C(A→A)=2, C(A→B)=1, C(B→A)=2, C(B→B)=0; N=5, N_A=3, N_B=2:
    # A→A (2/3)/(2/4)=4/3; A→B (1/3)/(2/4)=2/3; B→A (2/2)/(3/4)=4/3; B→B 0
    xy = np.array([[0.0, 0], [1, 0], [-1, 0], [10, 0], [11, 0]])
    clq = colocation_quotient(xy, ["A", "B", "B", "A", "A"])
    np.testing.assert_allclose(clq.loc[["A", "B"], ["A", "B"]], [[4 / 3, 2 / 3], [4 / 3, 0]])


def test_count_matrix_crosstab():
    m, units, inds = count_matrix(["u1", "u2", "u1"], ["b", "a", "b"], np.array([2.0, 3, 4]))
    assert list(units) == ["u1", "u2"] and list(inds) == ["a", "b"]
    np.testing.assert_array_equal(m, [[0, 6], [3, 0]])


def test_wz_codes_are_normalised():
    got = normalise_wz(["25.62.0", "25620", "2562", "25.6", "25", "1.11", "abc", None])
    assert got.tolist()[:6] == ["25.62.0", "25.62.0", "25.62", "25.6", "25", "01.11"]
    assert got.isna().tolist()[6:] == [True, True]


def test_analysis_and_register_normalise_wz_codes_alike():
    from verbund.classification import normalise_wz_code

    spellings = ["1.11", "01.11", "25.62.0", "25620", "2562", "256", "25", " 25.62 ", "9.1", "abc"]
    spellings += ["WZ 25.62", "25-62"]  # the register refuses these; the analysis guessed
    got = normalise_wz(spellings).tolist()
    assert got[0] == "01.11"
    assert got == [normalise_wz_code(c) or pd.NA for c in spellings]


def test_categories_use_the_longest_prefix():
    got = categorise(pd.Series(["22.11.0", "22.29.0", "62.01.9", "99.00.0", None]))
    assert got.tolist() == ["automotive", "plastics_materials", "it_software", "other", "other"]


def test_band_sums_equal_the_sparse_distance_band():
    from verbund.analysis.spatial import band_sums, distance_band_weights

    rng = np.random.default_rng(4)
    xy = np.vstack([rng.uniform(0, 3000, (800, 2)), [[0, 0], [0, 0], [300, 400]]])  # dupes, ties
    v = rng.random(len(xy))
    w = distance_band_weights(xy, 500.0, self_loops=True)
    cnt, sums = band_sums(xy, v, 500.0)
    np.testing.assert_array_equal(cnt, np.asarray(w.sum(axis=1)).ravel())
    np.testing.assert_allclose(sums, w @ v, atol=1e-9)
    assert cnt[-3] >= 3  # (0,0) twice and (300,400) at exactly 500 m


def test_competence_texts_drop_stop_words_in_both_languages():
    from verbund.analysis.text import pair_similarity, tfidf_matrix

    x, vec = tfidf_matrix(
        ["Softwareentwicklung und KI für die Industrie", "KI and software for the industry",
         "IT-Sicherheit GmbH & Co. KG", "Bäckerei und Konditorei"]
    )  # fmt: skip
    terms = set(vec.get_feature_names_out())
    assert {"ki", "it", "sicherheit", "softwareentwicklung"} <= terms
    assert not {"und", "für", "die", "and", "the", "for", "gmbh", "co", "kg"} & terms
    sim = pair_similarity(x, np.array([0, 0]), np.array([1, 3]))
    assert sim[0] > 0 and sim[1] == 0


def test_potentials_rank_by_excess_density_and_spread_over_units():
    from verbund.analysis import potentials

    lq = np.array([[0.5, 0.2, 0.1, 2.0], [0.5, 0.9, 3.0, 2.0]])
    dens = np.array([[0.9, 0.8, 0.7, 0.9], [0.4, 0.6, 0.9, 0.9]])
    got = potentials(lq, dens, ["A", "B"], ["p", "q", "r", "s"], min_density=0.5, per_unit=1)
    # LQ < 1 and density ≥ .5: A·p (excess .9 - .65 = .25), A·q (.8 - .7 = .1),
    # A·r (.7 - .8 = -.1), B·q (.6 - .7 = -.1);
    # one per unit → A·p, then B·q
    assert list(zip(got.unit, got.industry, strict=True)) == [("A", "p"), ("B", "q")]
    assert got.excess_density.tolist() == pytest.approx([0.25, -0.1])
