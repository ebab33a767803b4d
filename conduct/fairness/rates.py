"""The arithmetic of fairness monitoring: a rate against the workforce baseline, the relative rate
against the reference group with its 95% confidence interval, and small-number suppression.

Relative rate index (RRI). The rate of a group at a stage is the people of the group at the stage
divided by the people of the group in the workforce (the baseline); the relative rate is that rate
divided by the reference group's rate over the same baseline. This is the measure of the Home
Office's stop and search statistics ("Police powers and procedures: stop and search", the rate
per 1,000 of each ethnic group against the White group's), of the Ministry of Justice / Youth
Justice Board disproportionality tool (relative rate index at each stage), and of the Baroness
Casey Review's interim report on misconduct (October 2022: Black officers and staff 81% more
likely than White colleagues to have a misconduct allegation in 2021/22, on financial years of
cases received). The reference group is White for ethnicity (the usual reference in all three)
and Male for sex (the larger group of the workforce, as White is).

95% confidence interval: the log method for a ratio of two proportions, Katz D, Baptista J,
Azen SP and Pike MC (1978), "Obtaining confidence intervals for the risk ratio in cohort
studies", Biometrics 34(3), 469-474:
    RR = p1 / p2,  SE(ln RR) = sqrt((1 - p1) / (n1 p1) + (1 - p2) / (n2 p2)),
    CI = exp(ln RR +- 1.96 SE).
It is not defined when either group has nobody at the stage; nothing is shown then.

Suppression (statistical disclosure control): a count of people from 1 to SUPPRESSION_THRESHOLD - 1
is shown as "fewer than N", with no rate and no ratio. The threshold is data (below), not code:
the Government Statistical Service's "Disclosure control guidance for tables produced from
administrative sources" (GSS, 2014) leaves the threshold to the producer; common practice is 3,
5 or 10 (the UNECE/Eurostat "Glossary of statistical disclosure control", 2005, threshold rule:
"some agencies require at least five respondents in a cell"; the ONS Secure Research Service
rule of thumb for research outputs is 10). We use 5. Because each stage is shown twice (by ethnic
group and by sex) over the same people, one suppressed cell in a column could be recovered by
subtraction, so the next smallest cell of that column is suppressed as well (secondary
suppression, GSS guidance section on "differencing").
"""

import math
from dataclasses import dataclass

Z_95 = 1.96
SUPPRESSION_THRESHOLD = 5
SUPPRESSION_SOURCE = (
    "Government Statistical Service, 'Disclosure control guidance for tables produced from administrative "
    "sources' (2014); UNECE/Eurostat 'Glossary of statistical disclosure control' (2005), threshold rule."
)
METHOD_SOURCE = (
    "Relative rate index with a 95% confidence interval by the log method: Katz, Baptista, Azen and Pike (1978), "
    "'Obtaining confidence intervals for the risk ratio in cohort studies', Biometrics 34(3), 469-474; as used "
    "for disproportionality by the Home Office (stop and search statistics) and the Baroness Casey Review (2022-23)."
)


@dataclass(frozen=True)
class RelativeRate:
    ratio: float
    low: float
    high: float

    @property
    def significant(self) -> bool:
        """The 95% interval does not include 1: a difference unlikely to be chance alone."""
        return self.low > 1 or self.high < 1

    @property
    def direction(self) -> str:
        if not self.significant:
            return "no significant difference"
        return "significantly higher" if self.low > 1 else "significantly lower"


def rate(count: int, baseline: int) -> float | None:
    return count / baseline if baseline and count <= baseline else None


def relative_rate(a: int, n1: int, b: int, n2: int) -> RelativeRate | None:
    """Group (a of n1) against the reference group (b of n2); None where it is not defined."""
    if not (0 < a <= n1 and 0 < b <= n2):
        return None
    p1, p2 = a / n1, b / n2
    ratio = p1 / p2
    se = math.sqrt((1 - p1) / (n1 * p1) + (1 - p2) / (n2 * p2))
    return RelativeRate(ratio, math.exp(math.log(ratio) - Z_95 * se), math.exp(math.log(ratio) + Z_95 * se))


def is_small(count: int, threshold: int = SUPPRESSION_THRESHOLD) -> bool:
    return 0 < count < threshold


def suppressed(counts: list[int], threshold: int = SUPPRESSION_THRESHOLD) -> list[bool]:
    """Which cells of one column to hide: the small ones, and, when exactly one is small, the next
    smallest non-zero cell too, so the small one cannot be found by subtraction from a total."""
    hidden = [is_small(c, threshold) for c in counts]
    if sum(hidden) == 1:
        others = [(c, i) for i, c in enumerate(counts) if c > 0 and not hidden[i]]
        if others:
            hidden[min(others)[1]] = True
    return hidden
