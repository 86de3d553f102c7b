"""Fan clubs: viewers who joined a creator's club by sending the club gift, with levels."""
