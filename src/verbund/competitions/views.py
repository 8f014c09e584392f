from django.shortcuts import render


def index(request):
    return render(request, "competitions/index.html")
