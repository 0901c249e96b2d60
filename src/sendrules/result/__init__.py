"""Result stage: outcomes as stable, canonical JSON with a receipt."""
