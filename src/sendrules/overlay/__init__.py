"""What-if overlays: parameter values and rule versions changed from a date, laid over the loaded
rule files before they are compiled and checked (docs/whatif.md, docs/adr/0021)."""

from .apply import Overlay, apply_overlay, overlay_hash, read_overlay
from .model import OVERLAY_FORMAT, OverlayFile, ParameterChange

__all__ = ["OVERLAY_FORMAT", "Overlay", "OverlayFile", "ParameterChange", "apply_overlay", "overlay_hash",
           "read_overlay"]
