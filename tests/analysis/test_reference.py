"""verbund.analysis agrees with the reference packages on the same inputs (to 1e-9)."""

import warnings

import numpy as np
import pandas as pd
import pytest

from verbund.analysis import (
    binary_presence,
    getis_ord_gi_star,
    gi_star,
    local_moran,
    location_quotient,
    proximity,
    relatedness_density,
)

pytestmark = pytest.mark.unit

ESDA_POINTS = np.array([(10, 10), (20, 10), (40, 10), (15, 20), (30, 20), (30, 30)], float)
ESDA_Y = np.array([2, 3, 3.2, 5, 8, 7])


@pytest.fixture(scope="module")
def baltimore():
    """Baltimore house sales (211 points, X/Y, PRICE) shipped inside libpysal."""
    import libpysal

    db = libpysal.io.open(libpysal.examples.get_path("baltim.dbf"))
    xy = np.column_stack([db.by_col("X"), db.by_col("Y")]).astype(float)
    price = np.asarray(db.by_col("PRICE"), float)
    db.close()
    return xy, price


def _esda_gi_star(xy, y, threshold):
    from esda import G_Local
    from libpysal.weights import DistanceBand

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = DistanceBand(xy, threshold=threshold, binary=True, silence_warnings=True)
        return G_Local(y, w, transform="B", star=True, permutations=0).Zs


def test_gi_star_matches_esda_published_example():
    # esda's own test expects Zs[0] = -1.39727626 for this example (test_getisord.py)
    z = getis_ord_gi_star(ESDA_POINTS, ESDA_Y, 15)
    assert z[0] == pytest.approx(-1.39727626, abs=1e-8)
    np.testing.assert_allclose(z, _esda_gi_star(ESDA_POINTS, ESDA_Y, 15), rtol=0, atol=1e-9)


@pytest.mark.parametrize("threshold", [5.0, 10.0, 20.0])
def test_gi_star_matches_esda_on_baltimore(baltimore, threshold):
    xy, price = baltimore
    ours = getis_ord_gi_star(xy, price, threshold)
    np.testing.assert_allclose(ours, _esda_gi_star(xy, price, threshold), rtol=0, atol=1e-9)


def test_gi_star_knn_matches_esda_knn(baltimore):
    from esda import G_Local
    from libpysal.weights import KNN

    xy, price = baltimore
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = G_Local(price, KNN.from_array(xy, k=6), transform="B", star=True, permutations=0)
    np.testing.assert_allclose(gi_star(xy, price, k=6).z, ref.Zs, rtol=0, atol=1e-9)


def test_gi_star_permutation_p_close_to_esda(baltimore):
    """Pseudo-p values are random; with 9,999 draws both should agree to a few hundredths."""
    from esda import G_Local
    from libpysal.weights import DistanceBand

    xy, price = baltimore
    ours = gi_star(xy, price, 25.0, permutations=9999, seed=3).p_sim
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = DistanceBand(xy, threshold=25.0, binary=True, silence_warnings=True)
        ref = G_Local(price, w, transform="B", star=True, permutations=9999, seed=3).p_sim
    assert np.abs(ours - ref).max() < 0.03


@pytest.mark.parametrize("threshold", [25.0, 40.0])
def test_local_moran_matches_esda(baltimore, threshold):
    from esda import Moran_Local
    from libpysal.weights import DistanceBand

    xy, price = baltimore
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        w = DistanceBand(xy, threshold=threshold, binary=True, silence_warnings=True)
        ref = Moran_Local(price, w, transformation="r", permutations=0)
    assert w.islands == []  # both conventions agree only without islands
    np.testing.assert_allclose(local_moran(xy, price, threshold), ref.Is, rtol=0, atol=1e-9)


def test_local_moran_matches_esda_published_example():
    from esda import Moran_Local
    from libpysal.weights import DistanceBand

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = Moran_Local(ESDA_Y, DistanceBand(ESDA_POINTS, 15), transformation="r", permutations=0)
    np.testing.assert_allclose(local_moran(ESDA_POINTS, ESDA_Y, 15), ref.Is, atol=1e-9)


# --- ecomplexity (Harvard Growth Lab) on its own fixture data --------------------------------

COLS = {"time": "year", "loc": "origin", "prod": "hs92", "val": "export_val"}


@pytest.fixture(scope="module")
def trade(shared_data):
    df = pd.read_csv(shared_data / "ecomplexity-trade1995.csv")
    mat = df.pivot_table(index="origin", columns="hs92", values="export_val", aggfunc="sum")
    return df, mat.fillna(0)


@pytest.fixture(scope="module")
def ecx(trade):
    from ecomplexity import ecomplexity

    df, _ = trade
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = ecomplexity(df, COLS)
    return out


def _as_matrix(ecx, col, mat):
    return ecx.pivot(index="origin", columns="hs92", values=col).loc[mat.index, mat.columns]


@pytest.mark.shared_data
def test_rca_matches_ecomplexity(trade, ecx):
    _, mat = trade
    ours = location_quotient(mat.to_numpy())
    np.testing.assert_allclose(ours, _as_matrix(ecx, "rca", mat).to_numpy(), rtol=0, atol=1e-9)
    np.testing.assert_array_equal(
        binary_presence(mat.to_numpy()), _as_matrix(ecx, "mcp", mat).to_numpy()
    )


@pytest.mark.shared_data
def test_proximity_matches_ecomplexity(trade):
    from ecomplexity import proximity as ecx_proximity

    df, mat = trade
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = ecx_proximity(df, COLS)
    ref = ref.pivot(index="hs92_1", columns="hs92_2", values="proximity")
    ref = ref.loc[mat.columns, mat.columns].to_numpy()
    ours = proximity(binary_presence(mat.to_numpy()))
    # ecomplexity leaves 0/0 (industries present nowhere) as NaN; ours are 0.
    np.testing.assert_allclose(ours, np.nan_to_num(ref), rtol=0, atol=1e-9)


@pytest.mark.shared_data
def test_density_matches_ecomplexity_with_diagonal(trade, ecx):
    """ecomplexity keeps φ_pp in density; ``include_diagonal=True`` reproduces it exactly."""
    _, mat = trade
    m = binary_presence(mat.to_numpy())
    ours = relatedness_density(m, proximity(m), include_diagonal=True)
    np.testing.assert_allclose(ours, _as_matrix(ecx, "density", mat).to_numpy(), atol=1e-9)
    # our default leaves the industry's own presence out: then density differs exactly there
    default = relatedness_density(m, proximity(m))
    assert (default <= 1).all() and (default >= 0).all()
    assert not np.allclose(default, ours)
