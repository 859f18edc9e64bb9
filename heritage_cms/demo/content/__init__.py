"""Demo content: five monuments of the Complex of Huế Monuments, their relics and two tours.

One module per monument (with its relics), plus the home page and the tours; this index lists them
in the order the seed builds them.

The facts are general public knowledge about the Huế monuments (published descriptions by the
Huế Monuments Conservation Centre, the Vietnamese national-treasure records, UNESCO listings and
standard reference works). Where a figure was uncertain it is left out or given qualitatively.
Inventory numbers are a local demo scheme (site code + number), not official numbers.

The descriptive text in this package is released under CC BY 4.0.
"""

from ..schema import Monument
from .chua_thien_mu import CHUA_THIEN_MU
from .dai_noi import DAI_NOI
from .home import HOME
from .lang_khai_dinh import LANG_KHAI_DINH
from .lang_minh_mang import LANG_MINH_MANG
from .lang_tu_duc import LANG_TU_DUC
from .tours import TOURS

MONUMENTS: list[Monument] = [DAI_NOI, CHUA_THIEN_MU, LANG_MINH_MANG, LANG_TU_DUC, LANG_KHAI_DINH]

__all__ = ["HOME", "MONUMENTS", "TOURS"]
