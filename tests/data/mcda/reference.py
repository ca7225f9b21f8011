"""Reference values for tests/unit/test_mcda*.c, computed with numpy by
transcribing pymcdm 1.x (kotbaton/pymcdm: normalizations.py, methods/topsis.py,
methods/vikor.py, methods/wsm.py, weights/weights.py, weights/subjective/ahp.py).
Not run by ctest (tests are C/shell); kept to show where the numbers came from.
Usage: python3 tests/data/mcda/reference.py"""
import numpy as np

def minmax(x, cost=False):
    if np.min(x) == np.max(x): return np.ones(x.shape)
    return (np.max(x) - x) / (np.max(x) - np.min(x)) if cost else (x - np.min(x)) / (np.max(x) - np.min(x))
def vector(x, cost=False):
    return 1 - (x / np.sqrt(sum(x ** 2))) if cost else x / np.sqrt(np.sum(x ** 2))
def maxn(x, cost=False):
    return 1 - x / np.max(x) if cost else x / np.max(x)
def sumn(x, cost=False):
    return (1 / x) / np.sum(1 / x) if cost else x / np.sum(x)
def fake(x, cost=False):
    return np.max(x) - x if cost else x
def normalize(m, f, types):
    out = m.astype(float)
    for j in range(m.shape[1]):
        out[:, j] = f(m[:, j], cost=(types is not None and types[j] != 1))
    return out
def topsis(m, w, t, f=minmax):
    v = normalize(m, f, t) * w
    pis, nis = v.max(0), v.min(0)
    dp = np.sqrt(((v - pis) ** 2).sum(1)); dm = np.sqrt(((v - nis) ** 2).sum(1))
    return dm / (dm + dp)
def wsm(m, w, t, f=minmax):
    return (normalize(m, f, t) * w).sum(1)
def vikor(m, w, t, f=fake, v=0.5):
    n = normalize(m, f, t); fs, fm = n.max(0), n.min(0)
    wf = w * ((fs - n) / (fs - fm)); S = wf.sum(1); R = wf.max(1)
    Q = v * (S - S.min()) / (S.max() - S.min()) + (1 - v) * (R - R.min()) / (R.max() - R.min())
    return S, R, Q
def entropy(m):
    n = normalize(m, sumn, None); e = np.empty(m.shape[1])
    for i, c in enumerate(n.T): e[i] = -np.sum(c * np.log(c))
    e = e / np.log(m.shape[0]); d = 1 - e; return d / d.sum()
def std(m):
    s = np.std(m, axis=0, ddof=1); return s / s.sum()
def critic(m):
    n = normalize(m, minmax, None); s = np.std(n, axis=0, ddof=1)
    c = np.corrcoef(n, rowvar=False); C = s * np.sum(1 - c, axis=0); return C / C.sum()
def ahp(a, ri):
    ev, vec = np.linalg.eig(a); k = np.argmax(ev.real); w = vec[:, k].real; w = w / w.sum()
    lam = ev[k].real; n = a.shape[0]; ci = (lam - n) / (n - 1); return w, lam, ci, ci / ri[n - 1]

np.set_printoptions(precision=17)
P = lambda *a: print(*[repr(list(map(float, np.atleast_1d(x)))) for x in a])
# pymcdm docstring examples
X = np.array([[1, 2, 5], [3000, 3750, 4500]], float).T
print("topsis docstring"); P(topsis(X, np.array([.5, .5]), np.array([-1, 1])))
print("vikor O&T-2004 data"); P(*vikor(X, np.array([.5, .5]), np.array([-1, 1])))
V = np.array([[78, 56, 34, 6], [4, 45, 3, 97], [18, 2, 50, 63], [9, 14, 11, 92], [85, 9, 100, 29]], float)
print("vikor docstring"); P(*vikor(V, np.full(4, .25), np.ones(4)))
W = np.array([[96, 83, 75, 7], [63, 5, 56, 9], [72, 30, 32, 48], [11, 4, 27, 9], [77, 21, 17, 11]], float)
ww = np.array([8, 5, 6, 7]) / 13; wt = np.array([1, 1, -1, -1])
print("wsm docstring sum"); P(wsm(W, ww, wt, sumn))
print("wsm minmax"); P(wsm(W, ww / ww.sum(), wt))
print("topsis W vector"); P(topsis(W, ww / ww.sum(), wt, vector))
print("topsis W max"); P(topsis(W, ww / ww.sum(), wt, maxn))
print("topsis W sum"); P(topsis(W, ww / ww.sum(), wt, sumn))
print("vikor W minmax v=.3"); P(*vikor(W, ww / ww.sum(), wt, minmax, 0.3))
print("entropy W"); P(entropy(W)); print("std W"); P(std(W)); print("critic W"); P(critic(W))
E = np.array([[1, 2, 3], [2, 2, 6], [3, 2, 1]], float)
print("entropy 3x3 (col 2 constant)"); P(entropy(E))
RI_S = [0, 0, .58, .90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]
RI_T = [0, 0, 0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952, 1.4537, 1.4882, 1.5117, 1.5356, 1.5571, 1.5714, 1.5831]
A4 = np.array([[1, 3, 5, 9], [1/3, 1, 2, 4], [1/5, 1/2, 1, 2], [1/9, 1/4, 1/2, 1]])
print("ahp A4 saaty"); P(*ahp(A4, RI_S)); print("ahp A4 tummala"); P(*ahp(A4, RI_T))
B = np.array([[1, 9, 1/9], [1/9, 1, 9], [9, 1/9, 1]])
print("ahp inconsistent"); P(*ahp(B, RI_S))
