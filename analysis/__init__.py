"""Helper package of the CRINK defence-diplomacy study."""
