"""E-mail addresses that look like mainland users' and belong to nobody: a QQ number at qq.com, or pinyin
syllables with digits at a big mail provider. Drawn per batch from a synth BlockRandom (three draws per record).

The providers' shares are a plausible ordering of the large consumer services, not a published statistic.
"""

from __future__ import annotations

import numpy as np

# Common pinyin syllables of surnames and given names (facts of the language, not anyone's name).
SYLLABLES = np.array("wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo zheng "
                     "liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang yu du ye "
                     "cheng wei su lv ding ren shen yao lu jiang cui zhong tan jia fan qiu qin jin hao kong bai "
                     "ming hua jun wei fang xin yan hong ling ying jie tao bo yi chao lei ning qing rui hui xia".split(),
                     dtype=object)
PROVIDERS = np.array(["qq.com", "163.com", "126.com", "foxmail.com", "sina.com", "outlook.com", "gmail.com",
                      "139.com", "aliyun.com"], dtype=object)
PROVIDER_WEIGHTS = np.array([0.38, 0.22, 0.1, 0.07, 0.06, 0.06, 0.04, 0.04, 0.03])


def sample_emails(rng) -> np.ndarray:
    u = rng.random(3)
    provider = PROVIDERS[np.minimum(np.searchsorted(np.cumsum(PROVIDER_WEIGHTS), u[:, 0] * PROVIDER_WEIGHTS.sum(),
                                                    side="right"), len(PROVIDERS) - 1)]
    qq_number = (10_000_000 + u[:, 1] * 2_989_999_999).astype(np.int64)  # 8 to 10 digits, no leading zero
    first = SYLLABLES[(u[:, 1] * len(SYLLABLES)).astype(np.int64)]
    second = SYLLABLES[((u[:, 1] * 977) % 1 * len(SYLLABLES)).astype(np.int64)]
    digits = (u[:, 2] * 10_000).astype(np.int64)
    out = np.empty(len(u), dtype=object)
    for k in range(len(u)):
        if provider[k] == "qq.com" and digits[k] % 3:  # most QQ mail is the QQ number itself
            out[k] = f"{qq_number[k]}@qq.com"
        else:
            out[k] = f"{first[k]}{second[k]}{digits[k] % 1000 if digits[k] % 4 else ''}@{provider[k]}"
    return out
