"""What-if: a caseload evaluated with and without an overlay, and the difference reported."""
