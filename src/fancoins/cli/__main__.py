from fancoins.cli.main import main

main()
